"""The site's own formats for dates, times and numbers, one module per language
(``FORMAT_MODULE_PATH``); what a module leaves out comes from Django's own for that language."""
