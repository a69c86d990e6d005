"""The demo's content in German, French, Italian, Polish and Welsh: the five themes, the Milan
kick-off workshop with its sessions, and the iRecovery learning. The English text is the
loaders'; here each row gets its other languages' columns (title_de, title_fr...)."""

from itp.models import Learning, Theme
from workshops.models import Event, Session

from .rows import update_or_create_quietly

LANGUAGES = ("de", "fr", "it", "pl", "cy")

# slug: {language: (name, description)}
THEMES = {
    "low-carbon-innovation": {
        "de": (
            "CO2-arme Innovation in Partnerschaft mit der Industrie",
            "CO2-arme Innovation gemeinsam mit der Industrie voranbringen.",
        ),
        "fr": (
            "Innovation bas carbone en partenariat avec l'industrie",
            "Faire progresser l'innovation bas carbone avec l'industrie.",
        ),
        "it": (
            "Innovazione a basse emissioni di carbonio in collaborazione con l'industria",
            "Promuovere l'innovazione a basse emissioni di carbonio insieme all'industria.",
        ),
        "pl": (
            "Innowacje niskoemisyjne we współpracy z przemysłem",
            "Rozwijanie innowacji niskoemisyjnych wspólnie z przemysłem.",
        ),
        "cy": (
            "Arloesi carbon isel mewn partneriaeth â diwydiant",
            "Sbarduno arloesi carbon isel ar y cyd â diwydiant.",
        ),
    },
    "energy-efficiency-renewables": {
        "de": (
            "Energieeffizienz in der Industrie und erneuerbare Energien",
            "Weniger Energie in der Industrie verbrauchen und den verbleibenden Bedarf mit "
            "sauberer Energie decken.",
        ),
        "fr": (
            "Efficacité énergétique industrielle et énergies renouvelables",
            "Consommer moins d'énergie dans l'industrie et couvrir les besoins restants par une "
            "énergie plus propre.",
        ),
        "it": (
            "Efficienza energetica industriale ed energie rinnovabili",
            "Consumare meno energia nell'industria e coprire il fabbisogno restante con energia "
            "più pulita.",
        ),
        "pl": (
            "Efektywność energetyczna w przemyśle i energia odnawialna",
            "Mniejsze zużycie energii w przemyśle i czystsza energia tam, gdzie jest ona nadal "
            "potrzebna.",
        ),
        "cy": (
            "Effeithlonrwydd ynni diwydiannol ac ynni adnewyddadwy",
            "Defnyddio llai o ynni mewn diwydiant, ac ynni glanach ar gyfer yr hyn sydd ei angen "
            "o hyd.",
        ),
    },
    "innovative-finance": {
        "de": (
            "Innovative Finanzierungs- und Investitionsmodelle",
            "Finanzierungs- und Investitionsmodelle, die den industriellen Wandel bezahlbar "
            "machen.",
        ),
        "fr": (
            "Modèles innovants de financement et d'investissement",
            "Des modèles de financement et d'investissement qui rendent la transition "
            "industrielle abordable.",
        ),
        "it": (
            "Modelli innovativi di finanziamento e investimento",
            "Modelli di finanziamento e investimento che rendono la transizione industriale "
            "economicamente accessibile.",
        ),
        "pl": (
            "Innowacyjne modele finansowania i inwestycji",
            "Modele finansowania i inwestycji, dzięki którym transformacja przemysłu staje się "
            "finansowo osiągalna.",
        ),
        "cy": (
            "Modelau cyllid a buddsoddi arloesol",
            "Modelau cyllid a buddsoddi sy'n gwneud y newid diwydiannol yn fforddiadwy.",
        ),
    },
    "industry-stakeholders": {
        "de": (
            "Zusammenarbeit mit Akteuren der Industrie",
            "Ein echter Dialog und Wissenstransfer zwischen Regierungen und Industrie.",
        ),
        "fr": (
            "Dialogue avec les acteurs industriels",
            "Un dialogue constructif et un transfert de connaissances entre les pouvoirs publics "
            "et l'industrie.",
        ),
        "it": (
            "Coinvolgimento degli attori industriali",
            "Un dialogo concreto e il trasferimento di conoscenze tra amministrazioni pubbliche e "
            "industria.",
        ),
        "pl": (
            "Współpraca z interesariuszami przemysłowymi",
            "Rzeczowy dialog i transfer wiedzy między administracją publiczną a przemysłem.",
        ),
        "cy": (
            "Ymgysylltu â rhanddeiliaid diwydiannol",
            "Deialog ystyrlon a throsglwyddo gwybodaeth rhwng llywodraeth a diwydiant.",
        ),
    },
    "sustainable-hydrogen": {
        "de": (
            "Industrielle Erzeugung und Nutzung von nachhaltigem Wasserstoff",
            "Industrielle Anwendungen für die Erzeugung und Nutzung von nachhaltigem Wasserstoff.",
        ),
        "fr": (
            "Production et utilisation industrielles d'hydrogène durable",
            "Applications industrielles pour la production et l'utilisation d'hydrogène durable.",
        ),
        "it": (
            "Produzione e uso industriale di idrogeno sostenibile",
            "Applicazioni industriali per la produzione e l'uso di idrogeno sostenibile.",
        ),
        "pl": (
            "Przemysłowa produkcja i wykorzystanie zrównoważonego wodoru",
            "Zastosowania przemysłowe w produkcji i wykorzystaniu zrównoważonego wodoru.",
        ),
        "cy": (
            "Cynhyrchu a defnyddio hydrogen cynaliadwy mewn diwydiant",
            "Cymwysiadau diwydiannol ar gyfer cynhyrchu a defnyddio hydrogen cynaliadwy.",
        ),
    },
}

KICK_OFF_SLUG = "milan-kick-off-workshop-2019"

# {language: (title, description)}
KICK_OFF = {
    "de": (
        "ITP-Auftaktworkshop, Mailand",
        "Der dreitägige Workshop, mit dem die Industry Transition Platform begann. Vertreterinnen "
        "und Vertreter von zehn hoch industrialisierten Staats- und Regionalregierungen aus "
        "sieben Ländern kamen zusammen, um zwei Jahre des Erfahrungsaustauschs darüber zu "
        "beginnen, wie sich industrielle Emissionen senken lassen und zugleich Wachstum, "
        "Beschäftigung und Wohlstand gefördert werden. Sie bestimmten die Schwerpunkte des "
        "Programms.",
    ),
    "fr": (
        "Atelier de lancement de l'ITP, Milan",
        "L'atelier de trois jours qui a lancé l'Industry Transition Platform. Des participants "
        "de dix gouvernements d'États et de régions fortement industrialisés, issus de sept "
        "pays, se sont réunis pour entamer deux années d'échanges d'expérience sur la réduction "
        "des émissions industrielles au service de la croissance, de l'emploi et de la "
        "prospérité, et ont défini les domaines prioritaires du programme.",
    ),
    "it": (
        "Workshop di avvio dell'ITP, Milano",
        "Il workshop di tre giorni che ha dato avvio all'Industry Transition Platform. "
        "Partecipanti di dieci governi statali e regionali fortemente industrializzati, di sette "
        "paesi, si sono riuniti per avviare due anni di scambio di esperienze sulla riduzione "
        "delle emissioni industriali a sostegno della crescita, dell'occupazione e della "
        "prosperità, e hanno individuato gli ambiti prioritari del programma.",
    ),
    "pl": (
        "Warsztaty inauguracyjne ITP, Mediolan",
        "Trzydniowe warsztaty, które zapoczątkowały Industry Transition Platform. Uczestnicy z "
        "dziesięciu silnie uprzemysłowionych rządów krajowych i regionalnych z siedmiu państw "
        "spotkali się, aby rozpocząć dwa lata wymiany doświadczeń w zakresie ograniczania emisji "
        "przemysłowych przy jednoczesnym wspieraniu wzrostu, zatrudnienia i dobrobytu, oraz "
        "określili kluczowe obszary zainteresowania programu.",
    ),
    "cy": (
        "Gweithdy lansio'r ITP, Milan",
        "Y gweithdy tri diwrnod a lansiodd yr Industry Transition Platform. Daeth cyfranogwyr o "
        "ddeg o lywodraethau gwladwriaethol a rhanbarthol hynod ddiwydiannol, o saith gwlad, "
        "ynghyd i ddechrau dwy flynedd o rannu profiad ar leihau allyriadau diwydiannol gan "
        "gefnogi twf, swyddi a ffyniant, a nodwyd meysydd diddordeb allweddol y rhaglen.",
    ),
}

SITE_VISIT = "Site visit: ORI Martin steel plant and iRecovery"

# English title: {language: title}
SESSION_TITLES = {
    "Welcome and the programme's ambition": {
        "de": "Begrüßung und die Ziele des Programms",
        "fr": "Accueil et ambition du programme",
        "it": "Benvenuto e ambizioni del programma",
        "pl": "Powitanie i ambicje programu",
        "cy": "Croeso ac uchelgais y rhaglen",
    },
    "Systems change: how governments drive transformation": {
        "de": "Systemwandel: wie Regierungen die Transformation vorantreiben",
        "fr": "Changement systémique : comment les gouvernements conduisent la transformation",
        "it": "Cambiamento sistemico: come i governi guidano la trasformazione",
        "pl": "Zmiana systemowa: jak rządy napędzają transformację",
        "cy": "Newid systemau: sut mae llywodraethau'n sbarduno trawsnewid",
    },
    "Report back from the breakouts": {
        "de": "Berichte aus den Arbeitsgruppen",
        "fr": "Restitution des ateliers",
        "it": "Resoconto dei gruppi di lavoro",
        "pl": "Podsumowanie prac w grupach roboczych",
        "cy": "Adborth o'r grwpiau trafod",
    },
    SITE_VISIT: {
        "de": "Besichtigung: Stahlwerk von ORI Martin und iRecovery",
        "fr": "Visite de site : aciérie ORI Martin et iRecovery",
        "it": "Visita in loco: acciaieria ORI Martin e iRecovery",
        "pl": "Wizyta studyjna: huta ORI Martin i iRecovery",
        "cy": "Ymweliad safle: gwaith dur ORI Martin ac iRecovery",
    },
    "Innovation teams: choosing the challenges": {
        "de": "Innovationsteams: Auswahl der Herausforderungen",
        "fr": "Équipes d'innovation : choix des défis",
        "it": "Team di innovazione: la scelta delle sfide",
        "pl": "Zespoły innowacyjne: wybór wyzwań",
        "cy": "Timau arloesi: dewis yr heriau",
    },
    "Networking lunch": {
        "de": "Mittagessen mit Gelegenheit zum Austausch",
        "fr": "Déjeuner d'échanges",
        "it": "Pranzo di networking",
        "pl": "Lunch i rozmowy kuluarowe",
        "cy": "Cinio rhwydweithio",
    },
    "Next steps and close": {
        "de": "Nächste Schritte und Abschluss",
        "fr": "Prochaines étapes et clôture",
        "it": "Prossimi passi e chiusura",
        "pl": "Kolejne kroki i zakończenie",
        "cy": "Camau nesaf a chloi",
    },
}

# The breakouts are named after their themes: "Breakout: <theme>".
BREAKOUT = {
    "de": "Arbeitsgruppe: {}",
    "fr": "Atelier : {}",
    "it": "Gruppo di lavoro: {}",
    "pl": "Grupa robocza: {}",
    "cy": "Grŵp trafod: {}",
}

SITE_VISIT_DESCRIPTION = {
    "de": "Besuch des Stahlwerks von ORI Martin in Brescia, das Stahl im Elektrolichtbogenofen "
    "statt im Hochofen erzeugt. Mit Tenova, Turboden und A2A schuf ORI Martin iRecovery, das "
    "erste Projekt dieser Art in Italien: Die Abwärme des Stahlwerks heizt im Winter über das "
    "Fernwärmenetz 2.000 Haushalte und erzeugt im Sommer Strom für 700 Haushalte.",
    "fr": "Visite de l'aciérie d'ORI Martin à Brescia, qui produit de l'acier dans un four à arc "
    "électrique plutôt que dans un haut fourneau. Avec Tenova, Turboden et A2A, ORI Martin a "
    "créé iRecovery, le premier projet de ce type en Italie : la chaleur fatale de l'aciérie "
    "chauffe 2 000 familles par le réseau de chaleur en hiver et produit de l'électricité pour "
    "700 familles en été.",
    "it": "Visita all'acciaieria di ORI Martin a Brescia, che produce acciaio in un forno "
    "elettrico ad arco anziché in un altoforno. Con Tenova, Turboden e A2A, ORI Martin ha "
    "realizzato iRecovery, il primo progetto del genere in Italia: il calore di scarto "
    "dell'acciaieria riscalda 2.000 famiglie attraverso il teleriscaldamento in inverno e "
    "produce elettricità per 700 famiglie in estate.",
    "pl": "Wizyta w hucie ORI Martin w Brescii, która wytwarza stal w elektrycznym piecu "
    "łukowym zamiast w wielkim piecu. Wspólnie z firmami Tenova, Turboden i A2A ORI Martin "
    "stworzyła iRecovery, pierwszy taki projekt we Włoszech: ciepło odpadowe z huty ogrzewa "
    "zimą 2000 rodzin za pośrednictwem sieci ciepłowniczej, a latem wytwarza energię "
    "elektryczną dla 700 rodzin.",
    "cy": "Ymweliad â gwaith dur ORI Martin yn Brescia, sy'n gwneud dur mewn ffwrnais arc "
    "drydan yn hytrach na ffwrnais chwyth. Gyda Tenova, Turboden ac A2A, creodd ORI Martin "
    "iRecovery, y prosiect cyntaf o'i fath yn yr Eidal: mae gwres gwastraff o'r gwaith dur yn "
    "cynhesu 2,000 o deuluoedd drwy rwydwaith gwres ardal yn y gaeaf ac yn cynhyrchu trydan ar "
    "gyfer 700 o deuluoedd yn yr haf.",
}

IRECOVERY_SLUG = "irecovery-waste-heat-ori-martin"

# {language: (title, summary, body)}
IRECOVERY = {
    "de": (
        "iRecovery: Abwärme eines Stahlwerks heizt eine Stadt",
        "Im Elektrostahlwerk von ORI Martin in Brescia heizt Wärme, die früher verloren ging, "
        "im Winter über das Fernwärmenetz 2.000 Haushalte und erzeugt im Sommer Strom für 700 "
        "Haushalte.",
        "iRecovery, das erste Projekt dieser Art in Italien, wurde von ORI Martin gemeinsam mit "
        "Tenova, Turboden und A2A errichtet. Die Anlage von Tenova gewinnt Wärme aus dem Abgas "
        "des Ofens zurück; im Winter speist A2A sie in das Fernwärmenetz von Brescia ein, im "
        "Sommer wandelt eine ORC-Turbine von Turboden sie in Strom um.\n\n"
        "Die Teilnehmenden der Industry Transition Platform besichtigten das Werk während des "
        "Auftaktworkshops in Mailand im April 2019. Ihre Erkenntnis: Abwärmeprojekte brauchen "
        "einen Wärmeabnehmer in unmittelbarer Nähe, einen Versorger, der die Wärme abnimmt, und "
        "Verträge, die das Risiko zwischen Werk und Netz teilen.",
    ),
    "fr": (
        "iRecovery : la chaleur fatale d'une aciérie chauffe une ville",
        "Dans l'aciérie électrique d'ORI Martin à Brescia, une chaleur autrefois perdue chauffe "
        "désormais 2 000 familles par le réseau de chaleur en hiver et produit de l'électricité "
        "pour 700 familles en été.",
        "iRecovery, premier projet de ce type en Italie, a été réalisé par ORI Martin avec "
        "Tenova, Turboden et A2A. Le système de Tenova récupère la chaleur des fumées du four ; "
        "en hiver, A2A l'injecte dans le réseau de chaleur de Brescia, et en été une turbine à "
        "cycle organique de Rankine de Turboden la convertit en électricité.\n\n"
        "Les participants de l'Industry Transition Platform ont visité l'usine lors de l'atelier "
        "de lancement à Milan en avril 2019. Leurs enseignements : un projet de récupération de "
        "chaleur fatale a besoin d'un client de chaleur à proximité, d'un fournisseur d'énergie "
        "disposé à reprendre cette chaleur, et de contrats qui partagent le risque entre l'usine "
        "et le réseau.",
    ),
    "it": (
        "iRecovery: il calore di scarto di un'acciaieria riscalda una città",
        "Nell'acciaieria a forno elettrico di ORI Martin a Brescia, il calore che prima andava "
        "perso oggi riscalda 2.000 famiglie attraverso il teleriscaldamento in inverno e "
        "produce elettricità per 700 famiglie in estate.",
        "iRecovery, il primo progetto del genere in Italia, è stato realizzato da ORI Martin con "
        "Tenova, Turboden e A2A. Il sistema di Tenova recupera il calore dai fumi del forno; in "
        "inverno A2A lo immette nella rete di teleriscaldamento di Brescia, in estate una "
        "turbina a ciclo Rankine organico di Turboden lo trasforma in elettricità.\n\n"
        "I partecipanti dell'Industry Transition Platform hanno visitato lo stabilimento durante "
        "il workshop di avvio a Milano nell'aprile 2019. Che cosa hanno imparato: i progetti di "
        "recupero del calore di scarto richiedono un utilizzatore del calore nelle vicinanze, "
        "un gestore disposto a ritirarlo e contratti che ripartiscano il rischio tra lo "
        "stabilimento e la rete.",
    ),
    "pl": (
        "iRecovery: ciepło odpadowe z huty ogrzewa miasto",
        "W hucie ORI Martin w Brescii, wyposażonej w elektryczny piec łukowy, ciepło, które "
        "dawniej było tracone, ogrzewa zimą 2000 rodzin za pośrednictwem sieci ciepłowniczej, a "
        "latem wytwarza energię elektryczną dla 700 rodzin.",
        "iRecovery, pierwszy taki projekt we Włoszech, zbudowała firma ORI Martin wspólnie z "
        "firmami Tenova, Turboden i A2A. System firmy Tenova odzyskuje ciepło ze spalin pieca; "
        "zimą A2A przekazuje je do sieci ciepłowniczej Brescii, a latem turbina firmy Turboden "
        "pracująca w organicznym obiegu Rankine'a zamienia je w energię elektryczną.\n\n"
        "Uczestnicy Industry Transition Platform zwiedzili zakład podczas warsztatów "
        "inauguracyjnych w Mediolanie w kwietniu 2019 r. Wnioski: projekty wykorzystania ciepła "
        "odpadowego wymagają odbiorcy ciepła w pobliżu, przedsiębiorstwa energetycznego gotowego "
        "je przyjąć oraz umów, które dzielą ryzyko między zakład a sieć.",
    ),
    "cy": (
        "iRecovery: gwres gwastraff o waith dur yn cynhesu dinas",
        "Yng ngwaith dur ffwrnais arc drydan ORI Martin yn Brescia, mae gwres a arferai gael ei "
        "golli bellach yn cynhesu 2,000 o deuluoedd drwy rwydwaith gwres ardal yn y gaeaf ac yn "
        "cynhyrchu trydan ar gyfer 700 o deuluoedd yn yr haf.",
        "Adeiladwyd iRecovery, y prosiect cyntaf o'i fath yn yr Eidal, gan ORI Martin gyda "
        "Tenova, Turboden ac A2A. Mae system Tenova yn adfer gwres o nwyon gwacáu'r ffwrnais; yn "
        "y gaeaf mae A2A yn ei fwydo i rwydwaith gwres ardal Brescia, ac yn yr haf mae tyrbin "
        "cylchred Rankine organig Turboden yn ei droi'n drydan.\n\n"
        "Ymwelodd cyfranogwyr yr Industry Transition Platform â'r gwaith yn ystod y gweithdy "
        "lansio ym Milan ym mis Ebrill 2019. Yr hyn a ddysgwyd ganddynt: mae angen cwsmer gwres "
        "gerllaw ar brosiectau gwres gwastraff, cyfleustod sy'n barod i dderbyn y gwres, a "
        "chontractau sy'n rhannu'r risg rhwng y gwaith a'r rhwydwaith.",
    ),
}


def _part(texts, index):
    """{language: (title, description...)} -> {language: the index-th text}."""
    return {language: parts[index] for language, parts in texts.items()}


def _in_languages(**texts):
    """{"title": {"de": ...}} as the columns {"title_de": ...}."""
    return {
        f"{field}_{language}": text
        for field, by_language in texts.items()
        for language, text in by_language.items()
    }


def load_demo_translations():
    """Write the other languages' texts of the demo's themes, Milan workshop and its sessions,
    and the iRecovery learning; a row already translated is left as it is."""
    for slug, texts in THEMES.items():
        update_or_create_quietly(
            Theme,
            {"slug": slug},
            _in_languages(name=_part(texts, 0), description=_part(texts, 1)),
        )
    kick_off = update_or_create_quietly(
        Event,
        {"slug": KICK_OFF_SLUG},
        _in_languages(title=_part(KICK_OFF, 0), description=_part(KICK_OFF, 1)),
    )
    for session in Session.objects.filter(event=kick_off):
        texts = _session_texts(session)
        if texts:
            update_or_create_quietly(Session, {"pk": session.pk}, _in_languages(**texts))
    update_or_create_quietly(
        Learning,
        {"slug": IRECOVERY_SLUG},
        _in_languages(
            title=_part(IRECOVERY, 0), summary=_part(IRECOVERY, 1), body=_part(IRECOVERY, 2)
        ),
    )


def _session_texts(session):
    """The other languages' title (and description) of one of the workshop's sessions."""
    if session.title_en == SITE_VISIT:
        return {"title": SESSION_TITLES[SITE_VISIT], "description": SITE_VISIT_DESCRIPTION}
    if session.title_en in SESSION_TITLES:
        return {"title": SESSION_TITLES[session.title_en]}
    for theme in Theme.objects.filter(slug__in=THEMES):
        if session.title_en == f"Breakout: {theme.name_en}":
            texts = THEMES[theme.slug]
            names = _part(texts, 0)
            return {
                "title": {
                    language: BREAKOUT[language].format(names[language]) for language in names
                },
                "description": _part(texts, 1),
            }
    return {}
