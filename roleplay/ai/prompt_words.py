"""Chinese words the prompts use for the scenario's own vocabulary, whatever the site's
language (the model is told in Chinese): the order's fields (docs/roleplay-scenarios.md).
A field a trainer named otherwise keeps the name written."""

ORDER_WORDS = {
    "number": "订单号",
    "product": "商品",
    "status": "订单状态",
    "ordered": "下单时间",
    "shipped": "发货时间",
    "promised": "承诺送达时间",
    "delivered": "签收时间",
}
