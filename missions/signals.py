"""Signals of the record that Django's model signals do not cover."""

from django.dispatch import Signal

# Sent, inside its transaction, by a write that changes content without sending Django's model
# signals (raw deletes, raw inserts, ``bulk_create``; a restore is one), with ``using``, the
# database alias. The page cache listens to it as it listens to every save.
content_replaced = Signal()
