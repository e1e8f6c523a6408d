from textmine.cluster.names import name_key, record_names
from textmine.cluster.topics import topic_place
from textmine.text import Segmenter


def _docs(texts):
    segmenter = Segmenter.default()
    return [segmenter.content_words(t) for t in texts]


def test_name_variants_of_one_estate_share_one_key():
    assert name_key("伊景园滨河苑项目") == name_key("A市伊景园滨河苑") == "伊景园滨河苑"
    assert name_key("丽发新城小区") == name_key("丽发新城社区") == "丽发新城"


def test_record_names_find_an_estate_the_place_words_miss():
    text = "伊景园滨河苑项目开发商捆绑销售车位"
    assert "伊景园滨河苑" in record_names(_docs([text])[0].split(), text)


def test_a_long_place_name_keeps_its_head():
    texts = [
        "国王陵国家考古遗址公园周边环境恶劣",
        "国王陵国家考古遗址公园常年杂草丛生",
        "国王陵国家考古遗址公园建设缓慢",
    ]
    assert topic_place(_docs(texts), texts) == "国王陵国家考古遗址公园"


def test_a_numbered_part_or_the_nation_heads_no_place():
    roads = ["星沙四区凉塘路旧城改造", "四区凉塘路旧城改造何时动工", "四区凉塘路没有改造"]
    assert topic_place(_docs(roads), roads) == "凉塘路"
    cities = ["创建国家中心城市的大背景下", "获得国家中心城市称号", "加快国家中心城市建设"]
    assert topic_place(_docs(cities), cities) is None
