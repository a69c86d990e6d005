"""Inviting a person to log in: an account of their own and a "choose your password" e-mail
with Django's token link, for the staff who may add accounts."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from itp.roles import PARTICIPANTS
from regions.services import PARTICIPANTS_GROUP, InvitationRefused, invite_person
from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import PersonFactory, UserFactory
from tests.html import messages_of

pytestmark = pytest.mark.django_db

PEOPLE = "/admin/regions/person/"
LINK = re.compile(r"^(https?://\S+/accounts/reset/\S+/)$", re.MULTILINE)
NEW_PASSWORD = "steel-and-heat-pumps-2031"


def invite_action(client, people):
    return client.post(
        PEOPLE, {"action": "invite", "_selected_action": [person.pk for person in people]}
    )


def link_in(email):
    (link,) = LINK.findall(email.body)
    return link


def test_participants_group_is_the_participants_role():
    assert PARTICIPANTS_GROUP == PARTICIPANTS


def test_invite_person_makes_a_participant_login_linked_to_them(commit, mailoutbox):
    person = PersonFactory(name="Giulia Ferraro", email="Giulia.Ferraro@lombardia.example")

    with commit():
        account, created = invite_person(person=person)

    person.refresh_from_db()
    assert created is True
    assert person.user == account
    assert (account.username, account.email, account.first_name, account.last_name) == (
        "giulia.ferraro@lombardia.example",
        "Giulia.Ferraro@lombardia.example",
        "Giulia",
        "Ferraro",
    )
    assert account.has_usable_password() is False
    assert (account.is_staff, account.is_superuser) == (False, False)
    assert list(account.groups.values_list("name", flat=True)) == [PARTICIPANTS]
    (email,) = mailoutbox
    assert email.to == ["Giulia.Ferraro@lombardia.example"]
    assert email.subject == "Your login to the Industry Transition Platform"
    assert "Your username is giulia.ferraro@lombardia.example." in email.body


def test_invitation_link_lets_the_person_choose_a_password_and_log_in(
    staff_client, client, commit, mailoutbox, settings
):
    settings.ITP_SITE_URL = "https://itp.example.org"
    person = PersonFactory(email="rhodri.evans@wales.example")
    with commit():
        invite_action(staff_client, [person])
    staff_client.logout()

    link = link_in(mailoutbox[0])
    assert link.startswith("https://itp.example.org/accounts/reset/")
    form = client.get(link.removeprefix("https://itp.example.org"), follow=True)
    (form_path, _status), *_rest = form.redirect_chain
    done = client.post(
        form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert form.context["validlink"] is True
    assert done.redirect_chain == [("/accounts/reset/done/", 302)]
    assert client.login(username="rhodri.evans@wales.example", password=NEW_PASSWORD)
    assert client.get("/me/").context["person"] == person
    used_again = client.get(link.removeprefix("https://itp.example.org"), follow=True)
    assert used_again.context["validlink"] is False


def test_invite_action_says_who_was_invited_and_who_not(staff_client, commit, mailoutbox):
    new = PersonFactory(name="Lena Vogel")
    in_use = PersonFactory(name="Katrin Albers", user=UserFactory())

    with commit():
        response = invite_action(staff_client, [new, in_use])

    assert messages_of(response) == [
        "Invited 1 person to log in: Lena Vogel.",
        "Not invited: Katrin Albers. They already have a login.",
    ]
    assert [email.to for email in mailoutbox] == [[new.email]]


def test_invite_without_an_email_address_is_refused(mailoutbox):
    person = PersonFactory(email="")

    with pytest.raises(InvitationRefused, match="They have no e-mail address."):
        invite_person(person=person)

    person.refresh_from_db()
    assert person.user is None
    assert get_user_model().objects.count() == 0


def test_invite_when_another_account_has_the_address_is_refused():
    UserFactory(username="lena", email="LENA.VOGEL@nrw.example")
    person = PersonFactory(email="lena.vogel@nrw.example")

    with pytest.raises(InvitationRefused) as refusal:
        invite_person(person=person)

    assert refusal.value.message == (
        "A login account with their e-mail address exists already (“lena”): "
        "link it on their form instead."
    )
    assert get_user_model().objects.count() == 1


def test_invite_again_before_the_login_is_used_sends_a_new_link(commit, mailoutbox):
    person = PersonFactory()
    with commit():
        first, _created = invite_person(person=person)

    with commit():
        again, created = invite_person(person=person)

    assert (again, created) == (first, False)
    assert get_user_model().objects.count() == 1
    assert len(mailoutbox) == 2
    assert link_in(mailoutbox[1]).startswith("http")


def test_invite_again_after_the_person_s_address_changed_is_refused(commit, mailoutbox):
    """The link goes to the account's address only: staff who may change the person but not
    that account must not choose where it goes by editing the person."""
    person = PersonFactory(email="giulia.feraro@lombardia.example")
    with commit():
        account, _created = invite_person(person=person)
    person.refresh_from_db()
    person.email = "giulia.ferraro@lombardia.example"
    person.save()

    with commit(), pytest.raises(InvitationRefused, match="has another e-mail address"):
        invite_person(person=person)

    account.refresh_from_db()
    assert (account.email, len(mailoutbox)) == ("giulia.feraro@lombardia.example", 1)


def test_invite_again_of_an_address_differing_only_in_case_sends_a_new_link(commit, mailoutbox):
    person = PersonFactory(email="lena.vogel@nrw.example")
    with commit():
        invite_person(person=person)
    person.refresh_from_db()
    person.email = "Lena.Vogel@nrw.example"
    person.save()

    with commit():
        invite_person(person=person)

    assert mailoutbox[1].to == ["lena.vogel@nrw.example"]


def test_invite_a_person_whose_login_is_a_staff_account_is_refused():
    person = PersonFactory(user=UserFactory(is_staff=True))
    person.user.set_unusable_password()
    person.user.save()

    with pytest.raises(InvitationRefused, match="staff account"):
        invite_person(person=person)


def test_invite_makes_the_username_unique():
    UserFactory(username="giulia@lombardia.example", email="other@lombardia.example")

    account, _created = invite_person(person=PersonFactory(email="giulia@lombardia.example"))

    assert account.username == "giulia@lombardia.example-2"


def test_invite_leaves_out_characters_a_username_cannot_hold():
    account, _created = invite_person(person=PersonFactory(email="o'brien!@scotland.example"))

    assert account.username == "obrien@scotland.example"


def test_invite_when_the_mail_server_is_down_keeps_the_login_and_logs_it(commit, settings, caplog):
    settings.EMAIL_BACKEND = "tests.mail.MailServerDownBackend"
    person = PersonFactory()

    with commit():
        account, _created = invite_person(person=person)

    person.refresh_from_db()
    assert person.user == account
    assert f"Could not send the invitation to person {person.pk}" in caplog.text


def test_invite_action_is_not_offered_to_coordinators(coordinator_client):
    person = PersonFactory()

    changelist = coordinator_client.get(PEOPLE)
    response = invite_action(coordinator_client, [person])

    assert "invite" not in dict(changelist.context["action_form"].fields["action"].choices)
    assert messages_of(response) == ["No action selected."]
    person.refresh_from_db()
    assert person.user is None


def test_invite_action_is_offered_to_programme_staff(staff_client):
    changelist = staff_client.get(PEOPLE)

    choices = dict(changelist.context["action_form"].fields["action"].choices)
    assert choices["invite"] == "Invite to log in"


def test_person_list_shows_who_has_a_login_and_who_is_invited(staff_client):
    PersonFactory(name="Nobody Yet")
    invited = PersonFactory(name="Invited Person")
    invite_person(person=invited)
    PersonFactory(name="Logged In", user=UserFactory(username="logged-in"))

    response = staff_client.get(PEOPLE)

    rows = re.findall(r"<tr>.*?</tr>", response.content.decode(), re.DOTALL)
    logins = {
        name: row
        for row in rows
        for name in ("Nobody Yet", "Invited Person", "Logged In")
        if name in row
    }
    assert 'class="field-login">none<' in logins["Nobody Yet"]
    assert "invited on " in logins["Invited Person"]
    assert 'class="field-login">logged-in<' in logins["Logged In"]


def _is_reading_the_person(sql):
    return sql.lstrip().upper().startswith("SELECT") and '"regions_person"' in sql


def _invite_twice_at_once(person, *, lock):
    """Two invitations of ``person`` at the same moment. Without the lock, each waits after
    reading the person until the other has read it too: the interleaving the lock prevents.
    Returns each call's ``created``, or the exception it raised."""

    def invite(_):
        try:
            return invite_person(person=person)[1]
        except Exception as error:  # noqa: BLE001 - the control run reports what went wrong
            return error

    wrappers = (
        () if lock else (without_row_locks, pause_until_all_have(2, run=_is_reading_the_person))
    )
    return all_at_once(invite, range(2), wrappers=wrappers)


@postgresql_only
def test_two_staff_inviting_the_same_person_at_once_make_one_account():
    person = PersonFactory()

    created = sorted(_invite_twice_at_once(person, lock=True))

    assert created == [False, True]
    assert get_user_model().objects.count() == 1
    person.refresh_from_db()
    assert person.user == get_user_model().objects.get()


@postgresql_only
def test_two_invitations_at_once_collide_without_the_row_lock():
    """The control: the same run with the lock removed shows the race is real."""
    person = PersonFactory()

    outcomes = _invite_twice_at_once(person, lock=False)

    assert any(isinstance(outcome, IntegrityError) for outcome in outcomes), outcomes
