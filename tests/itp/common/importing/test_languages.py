"""A file exported in one of the site's languages imports again whatever language the person
importing it reads the site in: yes/no cells and choice labels in any of them."""

import pytest
from django.utils import translation

from itp.common.importing.widgets import ChoiceWidget, YesNoWidget
from regions.models import Person

LANGUAGES = ["en", "de", "fr", "it", "pl", "cy"]


@pytest.mark.parametrize("exported_in", LANGUAGES)
@pytest.mark.parametrize("imported_in", LANGUAGES)
def test_yes_and_no_written_in_one_language_read_back_in_another(exported_in, imported_in):
    widget = YesNoWidget()
    with translation.override(exported_in):
        yes, no = widget.render(True), widget.render(False)
    with translation.override(imported_in):
        assert (widget.clean(yes), widget.clean(no)) == (True, False)


def test_a_welsh_export_writes_yes_and_no_in_welsh():
    """The control: the words do differ, so the test above reads translated words."""
    with translation.override("cy"):
        assert YesNoWidget().render(True) != "yes"


@pytest.mark.parametrize("exported_in", LANGUAGES)
def test_a_choice_label_written_in_one_language_reads_back_in_english(exported_in):
    widget = ChoiceWidget(Person.Kind.choices)
    with translation.override(exported_in):
        label = widget.render(Person.Kind.INDUSTRY_EXPERT)
    with translation.override("en"):
        assert widget.clean(label) == Person.Kind.INDUSTRY_EXPERT


def test_a_word_that_means_yes_in_no_site_language_is_still_refused():
    with pytest.raises(ValueError, match="Write yes or no"):
        YesNoWidget().clean("jawohl")
