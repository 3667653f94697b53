"""Date formats Django's locale data lacks (settings.FORMAT_MODULE_PATH): Uyghur has no DATETIME_FORMAT there, so a
date and time fell back to English's "N j, Y, P" and showed "a.m." on Uyghur pages."""
