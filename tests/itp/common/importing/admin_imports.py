"""Uploading a file to an admin import page and confirming its preview, as staff do."""

from django.core.files.uploadedfile import SimpleUploadedFile

PEOPLE = "/admin/regions/person/"
ORGANISATIONS = "/admin/regions/organisation/"
REGISTRATIONS = "/admin/workshops/registration/"
CSV, XLSX = "0", "1"  # the import form's choices of format

PEOPLE_CSV = (
    "\ufeffName,E-mail,Kind,Job title,Government,Organisation,Listed publicly\r\n"
    "Giulia Ferraro,giulia@lombardy.example,Government official,Officer,Lombardy,,yes\r\n"
    "Marco Rossi,marco@lombardy.example,Government official,,lombardy,,no\r\n"
)


def upload(client, changelist, content, name="people.csv", format_choice=CSV):
    """Upload ``content`` to the changelist's import page; the response shows its preview."""
    return client.post(
        f"{changelist}import/",
        {"import_file": SimpleUploadedFile(name, content), "format": format_choice},
    )


def confirm(client, changelist, preview):
    """Post the preview's confirmation form, as the Confirm import button does."""
    return client.post(f"{changelist}process_import/", preview.context["confirm_form"].initial)
