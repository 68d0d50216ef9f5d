# ruff: noqa: E501 - question text reads better unwrapped
"""Demo questions GIFT cannot express: ordering and customer-message questions.

Written for the product from the manuals' facts, like the GIFT banks beside this file; each
question names its bank category, so `questions_save` files it on the right shelf.
"""

import datetime

from quizzes.questions import CUSTOMER, ORDERING, AnswerData, QuestionData

SERVICE_STANDARDS = "服务标准与响应时效"
REFUNDS = "退款与售后流程"
COMPLAINTS = "投诉处理"
PRIVACY = "信息安全与个人信息保护"
PLATFORM = "平台操作"

RESPONSE_TIME_LIMITS = "服务时限排序"
# Names of the questions the onboarding exam always asks (the rest are drawn at random).
COMPLAINT_STEPS = "投诉处理五步排序"
AFTER_SALES_STEPS = "售后四步排序"
COLOUR_COMPLAINT = "顾客消息：连衣裙色差"
ADDRESS_CHANGE_CALL = "顾客消息：来电要求改地址"
KETTLE_NOT_HEATING = "顾客消息：电水壶不加热"
PUBLIC_COMPLAINT = "顾客消息：微博公开投诉"


def _ordering(category: str, name: str, text: str, items: list[str], feedback: str) -> QuestionData:
    return QuestionData(
        qtype=ORDERING,
        name=name,
        text=text,
        category=[category],
        answers=[AnswerData(text=item) for item in items],
        general_feedback=feedback,
        default_mark=2,
    )


def _reply(text: str, fraction: float, feedback: str) -> AnswerData:
    return AnswerData(text=text, fraction=fraction, feedback=feedback)


def _customer_message(
    category: str,
    name: str,
    *,
    channel: str,
    customer: str,
    order: str,
    product: str,
    status: str,
    days_ago: int,
    message: str,
    replies: list[AnswerData],
    feedback: str,
) -> QuestionData:
    return QuestionData(
        qtype=CUSTOMER,
        name=name,
        text=message,
        category=[category],
        answers=replies,
        general_feedback=feedback,
        default_mark=2,
        extra={
            "channel": channel,
            "customer_name": customer,
            "order_number": order,
            "order_product": product,
            "order_status": status,
            "order_date": datetime.date.today() - datetime.timedelta(days=days_ago),
        },
    )


def ordering_questions() -> list[QuestionData]:
    return [
        _ordering(
            SERVICE_STANDARDS,
            RESPONSE_TIME_LIMITS,
            "把下面四项服务时限从短到长排好顺序。",
            [
                "电话：30 秒内接起（接通率 ≥ 80%）",
                "在线消息：60 秒内首次响应",
                "邮件：4 小时内实质性回复",
                "投诉：24 小时内给出解决方案",
            ],
            "30 秒、60 秒、4 小时、24 小时：电话接通 → 在线首次响应 → 邮件回复 → 投诉给出方案。",
        ),
        _ordering(
            COMPLAINTS,
            COMPLAINT_STEPS,
            "一位顾客打来电话投诉，情绪激动。把投诉处理的五个步骤按先后顺序排好。",
            [
                "保持冷静：不被顾客的情绪带着走，语气平稳",
                "确认问题：复述事实，问清订单、时间和顾客的诉求",
                "真诚道歉：为顾客不愉快的经历道歉，不推卸责任",
                "解决问题：给出具体方案和完成时间",
                "持续改进：记录原因，反馈给相关部门，避免再次发生",
            ],
            "投诉处理五步：保持冷静 → 确认问题 → 真诚道歉 → 解决问题 → 持续改进。先稳住自己、听清问题，再道歉和给方案；最后一步面向以后，让同样的问题不再发生。",
        ),
        _ordering(
            REFUNDS,
            AFTER_SALES_STEPS,
            "顾客反映收到的商品有问题。把售后服务的四个步骤按先后顺序排好。",
            [
                "客户咨询：第一时间响应，听清问题，收集订单号和照片",
                "问题诊断：判断是质量问题、使用问题还是物流问题",
                "提供方案：按规则给出退换货、维修、补发或退款，并说明理由和时间",
                "解决与回访：执行方案、跟进进度，完成后回访确认问题已解决",
            ],
            "售后四步：咨询 → 诊断 → 方案 → 解决与回访。诊断清楚再给方案；回访是最后一步，不能省。",
        ),
        _ordering(
            PLATFORM,
            "订单阶段排序",
            "顾客问“我的货到哪了”。先要知道订单处于哪个阶段。把一张订单经过的阶段按先后顺序排好。",
            [
                "审核：核对收货信息和支付状态",
                "分配：系统按库存和距离分配仓库",
                "发货：生成物流单号",
                "配送：快递员或驿站派送",
                "签收：顾客或代收点签收",
            ],
            "订单从下单到签收：审核 → 分配 → 发货 → 配送 → 签收。发货前可以直接改地址和规格，发货后要联系物流拦截或改派。",
        ),
        _ordering(
            PRIVACY,
            "身份核实步骤排序",
            "来电者要求修改订单的收货地址。把身份核实的步骤按先后顺序排好。",
            [
                "请对方提供订单号或下单手机号后四位",
                "与系统记录核对",
                "一致后再继续处理；不一致时不透露任何订单信息",
                "修改地址、手机号等敏感操作，再做一次确认",
            ],
            "越是催促，越要按流程核实。流程保护的是顾客，也保护你自己。",
        ),
    ]


def customer_message_questions() -> list[QuestionData]:
    return [
        _customer_message(
            COMPLAINTS,
            COLOUR_COMPLAINT,
            channel="live_chat",
            customer="王女士",
            order="240612183305417",
            product="法式收腰连衣裙（雾霾蓝，M 码）",
            status="已签收",
            days_ago=4,
            message="衣服颜色跟图片差太多了！页面上是浅浅的雾霾蓝，收到的是很深的藏青色，你们这是虚假宣传吧？",
            replies=[
                _reply(
                    "图片有色差很正常，详情页已经写了“因拍摄光线不同可能存在色差”，请您理解。",
                    0,
                    "把责任推给顾客没看详情页，只会让顾客更生气，也没有给任何方案。",
                ),
                _reply(
                    "您可以在订单页面申请退货退款，退回运费需要您自己承担。",
                    0.25,
                    "给了方案，但没有道歉，也没有确认问题；色差明显属于我们的问题，运费不应让顾客承担。",
                ),
                _reply(
                    "非常抱歉让您收到和预期不一样的颜色，换谁都会不开心。我先确认一下：您收到的颜色比页面上的雾霾蓝深很多，对吗？方便的话在自然光下拍张照片发我。这件可以为您免费退换，退回的运费由我们承担，您更希望换货还是退款？",
                    1,
                    "最好。先共情和道歉，再确认问题，最后给出两个可选方案并说明运费由我们承担。",
                ),
                _reply(
                    "我帮您转给售后部门，请您耐心等待。",
                    0,
                    "首接责任人负责到底。没有道歉、没有方案，也没有时间，顾客只会再来一次。",
                ),
            ],
            feedback="投诉处理五步：保持冷静 → 确认问题 → 真诚道歉 → 解决问题 → 持续改进。",
        ),
        _customer_message(
            PRIVACY,
            ADDRESS_CHANGE_CALL,
            channel="phone",
            customer="自称下单人的来电者",
            order="240615102948833",
            product="旗舰手机 12GB+256GB（曜石黑）",
            status="待发货",
            days_ago=1,
            message="我是下单的人，手机号换了，记不清后四位。你直接把收货地址改到杭州市西湖区文三路 100 号，快一点，我着急用！",
            replies=[
                _reply(
                    "好的，已经帮您改成杭州市西湖区文三路 100 号了，请放心。",
                    0,
                    "没有核实身份就修改高价订单的地址，正是冒充顾客骗取包裹的常见手法。",
                ),
                _reply(
                    "理解您着急。为了保护您的订单安全，改地址前需要先核实身份：请告诉我订单号；或者您用下单账号在 App 里联系我们，我马上为您修改。核实之前，我这边暂时不能改地址。",
                    1,
                    "最好。礼貌地说明原因，给出两种核实办法，核实前不修改、不透露信息。",
                ),
                _reply(
                    "系统里的收货地址是上海市浦东新区的，您看一下是不是这个？",
                    0,
                    "对方身份还没核实，你已经把顾客的地址透露出去了。",
                ),
                _reply(
                    "请把身份证正反面照片发到我们的客服邮箱，核对后再帮您改。",
                    0,
                    "身份证照片超出了核实所必需的范围，属于过度收集个人信息。订单号或手机号后四位就够了。",
                ),
            ],
            feedback="身份核实：订单号或下单手机号后四位，与系统核对一致后再处理；越是催促，越要按流程。",
        ),
        _customer_message(
            REFUNDS,
            KETTLE_NOT_HEATING,
            channel="live_chat",
            customer="张先生",
            order="240618201133902",
            product="1.7L 不锈钢电水壶",
            status="已签收",
            days_ago=2,
            message="收到的电水壶插上电一点反应都没有，什么破东西，我要退货！",
            replies=[
                _reply(
                    "好的，已为您提交退货申请，请您自行寄回。",
                    0.25,
                    "处理很快，但没有道歉、没有诊断；如果是运输损坏，还应由我们安排上门取件。",
                ),
                _reply(
                    "我们的水壶出厂前都检测过，应该是您使用不当。",
                    0,
                    "没有诊断就下结论，还把责任推给顾客。",
                ),
                _reply(
                    "请您直接联系厂家售后，电话在说明书上。",
                    0,
                    "让顾客自己找厂家是推卸。售后由我们负责到底。",
                ),
                _reply(
                    "非常抱歉让您遇到这种情况。为了尽快帮您处理，麻烦先确认一下：换一个插座试试是否有电，水壶是否放正在底座上？方便的话请拍一张底座的照片发给我。确认原因后，我马上为您安排换新或退款，您选哪种都可以。",
                    1,
                    "最好。先道歉，再诊断（插座、底座、照片），并提前告诉顾客会有换新或退款两个选择。",
                ),
            ],
            feedback="售后四步：咨询 → 诊断 → 方案 → 解决与回访。诊断清楚再给方案。",
        ),
        _customer_message(
            REFUNDS,
            "顾客消息：退款未到账",
            channel="email",
            customer="刘女士",
            order="240601154407265",
            product="儿童防晒衣两件套",
            status="退款成功（原路退回）",
            days_ago=10,
            message="你好，我上周五申请的退款，订单页面显示“退款成功”，可我的银行卡一直没看到这笔钱。到底什么时候到账？你们是不是根本没退？",
            replies=[
                _reply(
                    "刘女士您好，让您久等了。我查到您这笔 139 元的退款已经提交成功，原路退回到您下单时使用的银行卡，一般 1 到 3 个工作日到账，具体以银行入账时间为准。您可以在银行账单里查找带“退款”字样的入账记录。如果明天下班前还没看到，请直接回复这封邮件，我会联系支付机构为您核查，并在当天给您答复。",
                    1,
                    "最好。金额、去向、到账时间、怎么查、没到怎么办，一次说清楚，并给出下一步的时间承诺。",
                ),
                _reply(
                    "系统显示退款成功，钱肯定已经退了，请您自己查一下银行卡。",
                    0,
                    "没有任何确定信息，还把问题推回给顾客。",
                ),
                _reply(
                    "已收到您的邮件，我们会尽快处理。",
                    0,
                    "这是回执，不是实质性回复。邮件要在 4 小时内给出实质性答复。",
                ),
                _reply(
                    "退款到账时间由银行决定，我们也没有办法。",
                    0.25,
                    "说的是事实，但没有告诉顾客退了多少、退到哪、一般多久，也没有提供任何帮助。",
                ),
            ],
            feedback="退款通知要让顾客知情、放心：金额、原路退回、预计几个工作日到账，逾期未到怎么办。",
        ),
        _customer_message(
            COMPLAINTS,
            PUBLIC_COMPLAINT,
            channel="social",
            customer="微博网友“小鹿爱购物”",
            order="240608090112578",
            product="316 不锈钢保温杯 500ml",
            status="已签收",
            days_ago=3,
            message="@店铺官方 收到的保温杯杯身就是瘪的，找客服两天了也没人理！大家千万别买！",
            replies=[
                _reply(
                    "您好，您的订单 240608090112578 显示已签收，杯子瘪了可能是您自己摔的，请不要乱说。",
                    0,
                    "在公开评论区暴露了订单号，还和顾客争执、推卸责任。",
                ),
                _reply(
                    "非常抱歉给您带来不好的体验！我们已经私信联系您，会尽快为您安排补发或退款，请留意私信消息。",
                    1,
                    "最好。公开回复短、快、真诚，只表态和引导，细节转到私信；公开回复后 30 分钟内在私信跟进。",
                ),
                _reply(
                    "我们的客服 24 小时在线，不存在没人理的情况，请不要造谣。",
                    0,
                    "在公开场合和顾客争论，只会让围观的人站到顾客一边。",
                ),
                _reply(
                    "不在评论区回复，只私信联系这位顾客处理。",
                    0.25,
                    "私信处理是对的，但公开投诉也要公开回应一句：围观的人需要看到我们在处理。",
                ),
            ],
            feedback="公开投诉：快、短、一致、不暴露信息。公开表态，私信处理细节。",
        ),
        _customer_message(
            PLATFORM,
            "顾客消息：显示签收但没收到",
            channel="live_chat",
            customer="陈先生",
            order="240620112256019",
            product="无线蓝牙耳机（白色）",
            status="已签收（驿站代收）",
            days_ago=1,
            message="物流显示今天上午已经签收了，可我根本没收到！家里也没人拿，你们到底送哪去了？",
            replies=[
                _reply(
                    "系统显示签收了，肯定是您家人或者邻居拿了，您再找找。",
                    0,
                    "没有核实就下结论，还把责任推给顾客。",
                ),
                _reply(
                    "您自己联系一下快递员吧，他的电话在物流详情里。",
                    0.25,
                    "给了一个办法，但把本该我们做的核实推给了顾客。",
                ),
                _reply(
                    "签收后出现的问题需要您向物流公司索赔，我们这边无法处理。",
                    0,
                    "物流异常由我们与物流公司处理，不能让顾客自己去找。",
                ),
                _reply(
                    "非常理解您的着急。我这边看到包裹今天上午由小区驿站代收，我马上联系驿站核实包裹位置，30 分钟内给您回复。如果确认丢失，我们会为您补发或者全额退款，您不用担心。",
                    1,
                    "最好。先安抚、再核实、给出回复时间，并说明最坏情况下的方案。",
                ),
            ],
            feedback="物流异常：先安抚、再核实、给时间、主动回访；约定的时间到了，哪怕还没结果也要回复顾客。",
        ),
    ]


def extra_questions() -> list[QuestionData]:
    """The demo's ordering and customer-message questions, each naming its category."""
    return [*ordering_questions(), *customer_message_questions()]
