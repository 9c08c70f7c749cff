"""The numbers (``numbers``), dates (``dates``) and names (``names``) a text states, in any of the
notations of Vietnamese, Chinese and English.

The grounding check (``songngu.search.grounding``) asks that every fact of a generated sentence occurs in a
passage it cites; this module finds those facts and tells when two of them are the same.

- A number is read with every value its notation allows: ``261.048`` is 261048 to a Vietnamese reader and
  261.048 to an English one, so it has both readings; ``4,42 tỷ``, ``4.42 billion``, ``44.2亿`` and
  ``四十四亿二千万`` all read 4,420,000,000; ``15,8%``, ``15.8 percent`` and ``百分之十五点八`` read 15.8 per cent.
  Each reading keeps the place value of its last written digit (``unit``), so a stated number is
  recognised as a rounding of a more precise one (``26.1万`` of 261,048) but never the reverse (see
  ``same_number``).
- A date is a (year, month, day) with any part missing: ``25/6/2024``, ``ngày 25 tháng 6``, ``2024年6月25日``,
  ``June 25, 2024``, ``tháng 11/2024``. A year alone is a number (``năm 2024``, ``2024年``).
- A name is a run of capitalised Latin-script words (``Trịnh Thị Minh Thanh``, ``Bắc Luân III``, ``RCEP``), or,
  in Chinese text, a name of the region's glossary (``东兴``, which a Vietnamese passage writes ``Đông Hưng``).

Two appetites. ``claimed_numbers`` reads a generated sentence and takes only what is surely a number:
digits, and Han numerals that are surely numerals (two or more that parse, or one before a measure word,
never a lone 一, which is far more often part of a word: 统一, 一直). ``stated_numbers`` reads a passage and
takes everything that may be a number: lone Han numerals, the number words of Vietnamese and English
(``hai``, ``three``) and Roman numerals (``Bắc Luân III``). An extra reading on the passage side can only let
a claim through, never remove one; a missed reading on the claim side leaves a number unchecked.
"""

