"""Small labelled cases made up for the tests: three categories of an office's own scheme, each with its
own subjects and complaints, combined so that no two records are the same."""

from __future__ import annotations

import random

CATEGORIES = {
    "交通": (
        ["村口公路", "镇上的桥", "公交站台", "十字路口红绿灯", "通村水泥路", "县道路面"],
        [
            "坑洼不平多年无人修",
            "晚上路灯全坏了",
            "公交班次太少出行困难",
            "货车超载把路压坏",
            "信号灯时间太短",
            "塌了一半没人管",
        ],
    ),
    "教育": (
        ["镇中心小学", "县一中", "村里幼儿园", "实验中学", "民办培训班", "职业学校"],
        ["乱收补课费", "老师体罚学生", "食堂饭菜不卫生", "校车严重超员", "强制购买教辅资料", "教室漏雨没人修缮"],
    ),
    "环境": (
        ["河边养猪场", "工业园化工厂", "小区旁搅拌站", "镇垃圾中转站", "采石场", "印染厂"],
        [
            "污水直排河里发臭",
            "夜里偷排黑烟呛人",
            "粉尘大窗户都不敢开",
            "垃圾堆成山没人清运",
            "噪声吵得睡不着觉",
            "废渣倒在农田里",
        ],
    ),
}
PLACES = ["青石镇", "柳河村", "东关街道", "南岗乡", "白沙村", "新华社区", "北山镇", "西湖村"]
ASKS = ["请尽快处理", "希望领导重视", "反映多次没有结果", "请有关部门查一查", "群众意见很大", "恳请给个答复"]


def make_cases(per_label: int = 20, seed: int = 0, categories: dict | None = None) -> list[tuple[str, str]]:
    """(text, label) pairs, ``per_label`` of each category, all different."""
    rng = random.Random(seed)
    cases, seen = [], set()
    for label, (subjects, problems) in (categories or CATEGORIES).items():
        made = 0
        while made < per_label:
            text = f"{rng.choice(PLACES)}{rng.choice(subjects)}{rng.choice(problems)}，{rng.choice(ASKS)}。"
            if text not in seen:
                seen.add(text)
                cases.append((text, label))
                made += 1
    rng.shuffle(cases)
    return cases
