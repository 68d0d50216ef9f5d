"""AI-customer scenarios built directly as documents (the page editor for them is elsewhere)."""

from roleplay.scenario import (
    AiCustomer,
    Criterion,
    HiddenFact,
    Persona,
    Scenario,
    Step,
)


def ai_turn(reply, customer="东西呢？", late=False, step="opening"):
    """One exchange with the AI customer, as the chat saves it in the transcript."""
    return {
        "kind": "ai",
        "step": step,
        "customer": customer,
        "mood": "angry",
        "reply": reply,
        "seconds": 20,
        "standard": 60,
        "late": late,
        "taboo": [],
    }


def ai_scenario(*, max_turns=12, endings=("resolved", "escalated", "gave_up"), scripted=False):
    """王女士's lost parcel, played by the AI customer from the first step (or, `scripted`,
    after one scripted choice)."""
    from roleplay.scenario import Option

    ai_step = Step(key="chat", customer="你们怎么回事！！双11买的东西到现在都没到！！", ai=True)
    steps = (ai_step,)
    start = "chat"
    if scripted:
        steps = (
            Step(
                key="opening",
                customer="在吗？",
                options=(Option(text="您好，请问有什么可以帮您？", next="chat"),),
            ),
            ai_step,
        )
        start = "opening"
    return Scenario(
        title="包裹丢失",
        slug="lost-parcel",
        objective="查明物流，给出符合政策的方案。",
        persona=Persona(name="王女士", mood="angry", channel="live_chat", description="老顾客"),
        rubric=(
            Criterion(key="courtesy", name="礼貌用语", weight=1),
            Criterion(key="policy", name="政策准确", weight=2, critical=True),
            Criterion(key="timely", name="响应及时", weight=1),
        ),
        start=start,
        steps=steps,
        order={"number": "TB-0087", "product": "空气炸锅", "status": "已发货"},
        ai_customer=AiCustomer(
            temperament="impatient",
            wants="三天内找到包裹，否则全额退款",
            writing="爱用“！！”",
            facts=(
                HiddenFact(
                    fact="物流最后一条记录是 11 月 13 日到达杭州转运中心", when="客服问到物流信息时"
                ),
            ),
            policy="包裹丢失经物流核实后可全额退款或补发",
            endings=tuple(endings),
            max_turns=max_turns,
        ),
    )
