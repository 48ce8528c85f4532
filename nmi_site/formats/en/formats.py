"""English as written in the United Kingdom: "3 July 2018", "03/07/2018", Monday first.

The site's English is British, but its language code is plain ``en`` (the ``/en/`` addresses, the
``en`` catalogues): Django's ``en`` formats are American, so these take Django's ``en_GB`` ones.
"""

from django.conf.locale.en_GB import formats as british

DATE_FORMAT = british.DATE_FORMAT
TIME_FORMAT = british.TIME_FORMAT
DATETIME_FORMAT = british.DATETIME_FORMAT
YEAR_MONTH_FORMAT = british.YEAR_MONTH_FORMAT
MONTH_DAY_FORMAT = british.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = british.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = british.SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = british.FIRST_DAY_OF_WEEK
DATE_INPUT_FORMATS = british.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = british.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = british.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = british.THOUSAND_SEPARATOR
NUMBER_GROUPING = british.NUMBER_GROUPING
