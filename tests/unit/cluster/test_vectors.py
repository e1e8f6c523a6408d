from textmine.cluster import WordVectors


def test_village_names_get_name_features_and_province_names_do_not():
    docs = ["西地省 学院 宿舍 漏水", "西地省 医院 施工 噪音", "桑园村 会计 挪用 修路款", "桑园村 支书 优亲厚友 低保"]
    names = [f for f in WordVectors().fit(docs).feature_names() if f.startswith("名:")]
    assert "名:桑园村" in names
    assert not [f for f in names if "地省" in f]


def test_a_shared_village_makes_records_closer():
    docs = ["桑园村 会计 挪用 修路款", "桑园村 支书 优亲厚友 低保", "石门乡 支书 优亲厚友 低保"]
    vectors = WordVectors().fit_transform(docs).toarray()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
