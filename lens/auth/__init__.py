"""Who may see what: sign-in settings, allowed addresses and each person's LA scope. Imports no
other layer of lens/."""
