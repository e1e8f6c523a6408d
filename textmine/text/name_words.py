"""Word lists that tell a person's name from the words that follow 举报人, 我是, 本人 … in a letter.

>>> "王" in SURNAMES and "欧阳" in COMPOUND_SURNAMES and "村" not in SURNAMES
True
>>> "原话" in common_words(), "王小明" in common_words()
(True, False)
"""

from functools import lru_cache

import jieba

#: The common single-character Chinese surnames (about 400, covering nearly everyone).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂"
    "成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党"
    "宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封"
    "谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴"
    "丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战"
    "慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
#: Two-character surnames (the name that follows is one or two characters).
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文", "夏侯",
    "司徒", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "万俟", "闻人", "申屠", "太史", "钟离",
)  # fmt: skip
#: Words beginning with a surname's character that say who someone is, not what they are called
#: (我是党员, 本人系高中生 …).
ROLE_WORDS = (
    "党员", "党委", "党支", "党组", "高中", "高层", "文员", "司机", "司法", "房东", "房主", "车主", "商户", "商家",
    "师傅", "包工", "全职", "成员", "管理", "安保", "关系", "单亲", "万元", "钱款", "金额", "时间", "明天", "明年",
    "于是", "向来", "和村", "方面", "程序", "周边", "周末", "白天", "常年", "平时", "简单", "严重", "余额", "申请",
    "信访", "初中", "项目", "路过", "国家", "公司", "公职", "公务", "公安", "海外", "花钱", "乐意", "任职", "任何",
    "许多", "曾经", "何时", "应该", "连续", "原来", "原先", "元旦", "都是", "来自", "来信", "来访", "来电", "江边",
    "林场", "石料", "苗木", "楼房", "章程", "华侨", "孙子", "孙女", "宁愿", "谈话", "解决", "利用", "计划", "支部",
    "支书", "南方", "北方", "宗教", "普通", "相关", "展开", "阳光", "富裕", "满意", "都市", "干部", "居民", "农民",
    "农村", "工人", "退休", "邻居", "知情", "实名", "匿名", "一名", "一个", "一位", "本村", "本地", "外地", "当地",
)  # fmt: skip
#: Words a name stops before (王小明电话…, 李建国主任 …).
NAME_END = (
    "电话", "手机", "联系", "反映", "举报", "来信", "来电", "身份", "先生", "女士", "主任", "书记", "村长", "镇长",
    "乡长", "县长", "局长", "科长", "所长", "队长", "组长", "会计", "同志", "老师", "师傅", "经理", "支书", "主席",
    "医生", "大爷", "大妈", "阿姨", "等人", "夫妇", "一家", "家属", "本人", "家住", "现住", "住址", "地址", "男",
    "女", "称", "说", "住", "系", "是", "等", "的", "和", "与", "及", "在", "于", "向", "对", "把", "被", "今", "现",
    "已", "年", "岁", "也", "都", "就", "还", "又", "并", "同", "跟", "给", "让", "要", "将", "曾", "因", "从", "到",
)  # fmt: skip


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The two- and three-character words of jieba's dictionary that are not tagged as a person's name
    (原话, 母亲, 班长 …): a candidate name that is one of them is a word, not a name. Read once, on first use."""
    words = set()
    with jieba.get_dict_file() as dictionary:
        for line in dictionary:
            parts = line.decode("utf-8").split()
            if len(parts) >= 3 and 2 <= len(parts[0]) <= 3 and not parts[2].startswith("nr"):
                words.add(parts[0])
    return frozenset(words)
