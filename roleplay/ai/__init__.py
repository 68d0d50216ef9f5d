"""AI customers: a scenario's customer played by the site's language model, and the judge
that scores the conversation on the scenario's rubric (docs/ai-customers.md).

- `roleplay.ai.customer`: the customer's prompt, its end marks, one customer turn.
- `roleplay.ai.judge`: scoring a conversation (assessment, at the end) or coaching one reply
  (practice), and the offline fallback when the model is unreachable or answers out of
  schema; its prompt is `roleplay.ai.judge_prompt`, its answer's schema
  `roleplay.ai.judge_schema`.

Everything that talks to the model goes through `training.llm`; with no model configured
(`training.llm.ai_available()` False) a scenario with an AI step is not offered.
"""
