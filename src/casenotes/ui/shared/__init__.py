"""What every part of the window shares: plain-language labels and dates, item-model helpers
(``common``), and the reusable widgets and delegates (``widgets``)."""
