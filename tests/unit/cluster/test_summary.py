from textmine.cluster.summary import top_names


def test_top_names_counts_records_and_breaks_ties_by_first_appearance():
    names = [["清河镇", "柳塘村", "清河镇"], ["柳塘村", "县水利局"], ["清河镇"], ["县水利局", "石碾镇"]]
    found = top_names(names, lambda name: True, n=3)
    assert found == [
        {"name": "清河镇", "records": 2},
        {"name": "柳塘村", "records": 2},
        {"name": "县水利局", "records": 2},
    ]
