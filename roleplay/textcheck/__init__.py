"""Automatic checks of a free-text reply: a provisional score a trainer may still adjust.

Pure functions over a step's `free_text` spec (docs/roleplay-scenarios.md), given either as
the document's dict or as an object with the same attribute names.

- `roleplay.textcheck.check`: the whole check of one reply (`check_free_text`): points per
  criterion, reply time, flags and the explanation the trainer reads.
- `roleplay.textcheck.phrases`: whether a reply covers key points or uses forbidden
  phrases, in Chinese and English, with negation.
- `roleplay.textcheck.closeness`: how close a reply is to the step's good and poor example
  replies (docs/roleplay-text-checks.md).

The service taboo phrases are `roleplay.taboo`; copying a model answer, `roleplay.copycheck`.
"""
