"""The near-miss tests of the answer step (songngu.search.near_miss): what counts as a year, a place or a
rate the question asks for. The cases are the review's of session 9: each was read as one and turned a
right answer (0.80-0.91) into an abstention, or was missed."""

import re
from dataclasses import replace

import pytest

from songngu.index.normalize import strip_diacritics
from songngu.search.answer_evidence import Evidence, SentenceEvidence
from songngu.search.answer_features import credit_lines, photo_captions
from songngu.search.answer_spans import answer_span, asks_a_quantity, ordinals
from songngu.search.mentions import countries_in
from songngu.search.near_miss import (
    _ASKS_DAY,
    _ASKS_DURATION,
    _ASKS_DURATION_UNMARKED,
    _ASKS_MONTH,
    _ASKS_SHARE,
    _DAY,
    _DURATION,
    _LED_OR_CHAIRED,
    _MONTH,
    _PART_OF_YEAR,
    _RATES,
    _TRADE,
    _YEAR,
    _holds_a_figure,
    _parts_of_wholes,
    _place_mentions,
    _places_in,
    _visit,
    _visitors_of,
    another_office_held,
    figure_of_another_province,
    holds_the_asked_office,
    month_of_the_figure,
    unstated_frequency,
    unstated_level,
    unstated_unit,
    unstated_venue,
    unstated_year,
    years_dated,
)


@pytest.mark.parametrize("text", [
    "lao động Trung Quốc", "hoạt động trung chuyển", "Văn phòng Thành ủy", "cao bằng năm trước", "hai phòng ban",
    "mong cải thiện", "Nhật Báo Quảng Tây đưa tin",
    "提高平均", "边防城市", "广东兴建", "老街区", "幸福建设", "这里火车", "沿海防", "长江河口", "运河内",
])
def test_ordinary_words_name_no_place(text):
    assert _places_in(text) == set()


@pytest.mark.parametrize(("text", "bare", "place"), [
    ("kim ngạch qua các cửa khẩu tỉnh Lạng Sơn", False, "Lạng Sơn"), ("谅山省2024年进出口额", False, "Lạng Sơn"),
    ("与谅山省的贸易", False, "Lạng Sơn"), ("防城港市市长是谁", False, "Phòng Thành Cảng"),
    ("How many projects are there in Lang Son province?", True, "Lạng Sơn"),
    ("kim ngach tinh lang son", True, "Lạng Sơn"),
    ("2024年高平省接待了多少中国游客？", False, "Cao Bằng"), ("经谅山口岸的货物", False, "Lạng Sơn"),  # session 10
    ("What was the trade between Quang Ninh and Yunnan province?", True, "Vân Nam"),
    ("Who leads Fangchenggang?", True, "Phòng Thành Cảng"),
])
def test_a_named_province_or_city_is_found(text, bare, place):
    assert place in _places_in(text, bare=bare)


@pytest.mark.parametrize(("text", "asks"), [
    ("Mỗi ngày có bao nhiêu lượt khách?", True), ("moi ngay co bao nhieu chuyen", True),
    ("hàng ngày có mấy chuyến", True), ("How many trains per day?", True),
    ("东兴口岸每天通关的旅客有多少？", True), ("芒街口岸一天入境多少人次？", True),
    ("Vào một ngày nào đó lượng khách đạt bao nhiêu?", False), ("Mặt hàng ngày càng đa dạng ra sao?", False),
    ("khách hàng ngày càng đông?", False), ("như Guangxi Daily đưa tin", False),
    ("口岸公布仪式是哪一天举行的？", False),
    ("What happened the day after?", False),
    # session 16: an average day, but not the average day visitor (the review)
    ("On an average day in 2024, how many visitors entered?", True), ("How much does the average day visitor spend?",
                                                                      False),
])
def test_a_question_asks_a_daily_figure_only_in_so_many_words(text, asks):
    assert bool(_RATES["day"][0].search(text)) == asks


def test_a_year_is_not_a_count():
    assert _YEAR.findall("Năm 2024, 1000 người, 1500 tấn, 2000万元, 2023年, năm 2022.") == ["2024", "2023", "2022"]
    assert _RATES["day"][1].search("bình quân mỗi ngày đón 5.000 lượt") and _RATES["day"][1].search("8 chuyến/ngày")


@pytest.mark.parametrize(("text", "bare", "countries"), [
    ("lượng khách Hàn Quốc lưu trú", False, {"Hàn Quốc"}), ("luong khach han quoc", True, {"Hàn Quốc"}),
    ("2024年广宁接待了多少韩国游客？", False, {"Hàn Quốc"}), ("How many Korean tourists?", True, {"Hàn Quốc"}),
    ("khách Trung Quốc (bao gồm cả Hồng Kông, Đài Loan)", False, {"Trung Quốc", "Hồng Kông", "Đài Loan"}),
    ("印度尼西亚游客", False, {"Indonesia"}), ("印度游客", False, {"Ấn Độ"}), ("khách Mỹ", False, {"Hoa Kỳ"}),
    # Not countries: a province, a stadium, beauty, English "my", Thái Bình typed bare.
    ("tỉnh Lào Cai", False, set()), ("sân Mỹ Đình", False, set()), ("thẩm mỹ", False, set()),
    ("What is my share?", False, set()), ("tinh Thai Binh", True, set()),  # bare: Vietnamese typed without marks
    # The review of session 10: a law (Pháp lệnh) opening a sentence, a woman's name ending in Mỹ.
    ("Pháp lệnh nào quy định việc này?", False, set()), ("bà Nguyễn Thị Mỹ phát biểu", False, set()),
    ("khách Pháp đến Hạ Long", False, {"Pháp"}),
    # A probe (session 10): one-word names typed without marks, Russia and Laos; not a woman called Nga, nor
    # Lào Cai, nor Mỹ Đình.
    ("luong khach my den quang ninh", True, {"Hoa Kỳ"}), ("voi campuchia nam 2024", True, {"Campuchia"}),
    ("lượng khách Nga đến Móng Cái", False, {"Nga"}), ("bà Nga phát biểu", False, set()),
    ("xuất nhập khẩu với Lào", False, {"Lào"}), ("tỉnh Lào Cai", False, set()), ("sân Mỹ Đình", False, set()),
])
def test_a_named_country_is_found_in_any_of_its_forms(text, bare, countries):
    assert countries_in(text, bare=bare) == countries


@pytest.mark.parametrize(("text", "directions"), [
    ("Xuất khẩu qua các cửa khẩu đạt bao nhiêu?", ["export"]), ("nam 2024 nhap khau dat bao nhieu", ["import"]),
    ("2025年广宁对广西的出口额是多少？", ["export"]), ("进口额", ["import"]), ("the export value", ["export"]),
    # Both ways together: the total, not a direction; 出口 of a road is no trade.
    ("kim ngạch xuất nhập khẩu", []), ("nam 2024 xuat nhap khau", []), ("进出口总额", []),
    ("kim ngạch xuất, nhập khẩu", []), ("xuất - nhập khẩu", []), ("xuat/nhap khau", []),
    ("import-export turnover", ["export", "import"]), ("高速公路出口在哪", []),
])
def test_a_trade_direction_is_read_only_when_one_is_asked(text, directions):
    assert [d for d, pattern in _TRADE.items() if pattern.search(text)] == directions


@pytest.mark.parametrize(("text", "found"), [
    ("Hội nghị lần thứ ba được tổ chức ở đâu?", {3: "lần thứ ba"}),
    ("Đây là hội nghị lần thứ tư, kỳ thứ 15 của Ủy ban.", {4: "lần thứ tư", 15: "kỳ thứ 15"}),
    ("Lần đầu tiên hai bên tổ chức; lần thứ hai mươi mốt.", {1: "Lần đầu", 21: "lần thứ hai mươi mốt"}),
    ("第十五次联合工作委员会会议", {15: "第十五次"}), ("第3届博览会", {3: "第3届"}),
    ("When was the third meeting held?", {3: "third"}), ("the 15th session", {15: "15th"}),
    ("Thứ trưởng Bộ Công Thương", {}), ("thứ hai, ngày 3/3", {}), ("Which came first?", {}),
    # the review of session 14: a year after the ordinal, "đầu tư" (investment), weekdays, other forms
    ("Hội nghị lần thứ tư năm 2024", {4: "lần thứ tư"}), ("lần thứ ba mươi năm 2024", {30: "lần thứ ba mươi"}),
    ("Năm 2024 Hà Lan đầu tư 5 dự án, vòng đầu tư thứ hai", {}), ("Ông Lan đầu quân cho đội", {}),
    ("phiên thứ Hai (16/11)", {}), ("kỳ họp thứ 8 của Quốc hội", {8: "kỳ họp thứ 8"}), ("首届博览会", {1: "首届"}),
    ("The Third Meeting opened.", {3: "Third"}), ("lan thu ba", {3: "lan thu ba"}),
])
def test_an_events_ordinal_is_read_in_each_language(text, found):
    assert ordinals(text) == found


@pytest.mark.parametrize(("text", "asks"), [
    ("Khách Trung Quốc chiếm bao nhiêu phần trăm?", True), ("比2023年增长了百分之多少？", True),
    ("What percentage of visitors came from China?", True), ("Tỷ lệ là bao nhiêu?", True),
    ("Khu vực nào vẫn nổi tiếng với tỷ lệ tội phạm cao?", False), ("Có bao nhiêu dự án?", False),
])
def test_a_share_is_asked_only_in_so_many_words(text, asks):
    """XQuAD dev: "Khu vực nào ... tỷ lệ tội phạm cao?" asks a district, not a share; it was lost to the rule once."""
    assert bool(_ASKS_SHARE.search(text)) == asks


@pytest.mark.parametrize(("text", "day"), [
    ("Lễ khai thông diễn ra ngày 16/11/2024.", True), ("Ngày 27 tháng 2, đoàn sang thăm.", True),
    ("2024年11月16日举行", True), ("It opened on 16 November 2024.", True),
    ("Chương trình diễn ra vào tháng 4/2024.", False), ("Năm 2024, kim ngạch đạt 4,42 tỷ USD.", False),
    ("ngày mùng 10 tháng Giêng", True), ("16.11.2024", True), ("2024-11-16", True), ("16号开幕", True),
    ("Nov. 16, 2024", True), ("the 16th of November", True),
])
def test_a_day_is_told_from_a_month_or_a_year(text, day):
    assert bool(_DAY.search(text)) == day


@pytest.mark.parametrize(("text", "length"), [
    ("Lớp học kéo dài 10 ngày.", True), ("Đoàn ở lại hai tuần.", True), ("培训为期三个月", True),
    ("Trận đấu còn 3:08 thì Denver ghi điểm.", True), ("Họ dùng tên ấy cho đến thế kỷ mười chín.", True),
    ("The course ran for 10 days.", True), ("Năm 2024, tỉnh cử 8 người tham gia lớp học.", False),
    ("广宁省传媒中心每天播出中文新闻。", False), ("hai mươi năm hợp tác", True), ("một thập kỷ", True),
    ("三十多年来", True), ("two weeks later", True), ("a 10-day course", True),
    ("项目于2010年开工", False), ("ngày 16 tháng 11 khai mạc", False), ("11月开幕", False),
    # dates, figures of a year, how often, places "từ ... đến" (the review of session 18)
    ("tháng 11 năm 2024", False), ("lần thứ hai năm 2024", False), ("quý hai năm 2024", False),
    ("đạt 515 triệu năm 2024", False), ("hai lần một tuần", False),
    ("từ các sân bay Quảng Tây đến sân bay Vân Đồn", False), ("from Nanning to Hanoi", False), ("从南宁到河内", False),
    ("từ năm 2010 đến 2015", True), ("从2010年到2015年", True),
    # the second review: days of the week, parts of a day, 本月, 周一
    ("Hội nghị diễn ra từ thứ Hai đến thứ Tư.", True), ("từ sáng 5/11 đến chiều 7/11", True),
    ("博览会从本月10日至15日举行", True), ("博览会从周一到周五举行", True),
    ("The fair ran from Monday to Friday.", True),
    # a count with its multiplier (XQuAD dev: "có niên đại bao nhiêu năm?" is answered "515 triệu năm")
    ("có niên đại 515 triệu năm", True), ("hàng trăm năm", True), ("515 million years old", True),
])
def test_a_length_of_time_is_told_from_a_count(text, length):
    """XQuAD dev: "còn lại bao lâu" is answered by a clock time, "trong bao lâu" by "cho đến thế kỷ ..."."""
    assert bool(_DURATION.search(text)) == length


@pytest.mark.parametrize(("text", "asks"), [
    ("Lớp bồi dưỡng kéo dài bao lâu?", True), ("新闻每天播出多长时间？", True), ("How long did it last?", True),
    ("Bao nhiêu người tham gia?", False), ("多少人参加？", False),
    ("Hội nghị được tổ chức bao lâu một lần?", False), ("会议多久一次？", False), ("How long is the bridge?", False),
    ("广宁省传媒中心与广西日报传媒集团多久交换一次信息？", False),
    ("Hai bên bao lâu trao đổi thông tin một lần?", False),
    # a count of days, months or years (blind set 19: "Thỏa thuận ... có thời hạn mấy năm?"), not a date's
    ("Thỏa thuận có thời hạn mấy năm?", True), ("hoc bong keo dai may nam", True), ("协议有效期几年？", True),
    ("How many years does the agreement run?", True), ("Hội chợ diễn ra vào tháng mấy?", False),
    ("năm mấy", False), ("几月开幕？", False), ("How many visitors came?", False),
    # a figure of a year, recent years, a school year, a clock time, a factory, boys (the review of session 18)
    ("Kim ngạch đạt bao nhiêu năm 2024?", False), ("kim ngach dat bao nhieu nam 2024", False),
    ("bao nhiêu tháng 10/2024", False), ("Trong mấy năm gần đây, tỉnh dẫn đầu về gì?", False), ("近几年", False),
    ("几年级", False), ("lúc mấy giờ", False), ("nha may nam o dau", False), ("co bao nhieu nam sinh", False),
    ("Có bao nhiêu nam sinh?", False),
])
def test_a_length_of_time_is_asked_in_so_many_words(text, asks):
    unmarked = _ASKS_DURATION_UNMARKED.search(text) if strip_diacritics(text) == text else None
    assert bool(_ASKS_DURATION.search(text) or unmarked) == asks


@pytest.mark.parametrize(("text", "asks"), [
    ("Carnaval diễn ra vào ngày nào?", True), ("哪天举行？", True), ("几号开幕？", True),
    ("diễn ra vào ngày cụ thể nào?", True), ("On what exact date was it held?", True), ("具体日期是？", True),
    ("Which specific day-to-day tasks are shared?", False),
    ("Trung bình mỗi ngày bao nhiêu lượt xe qua cửa khẩu?", False), ("Mỗi ngày mấy chuyến tàu?", False),
    ("近几日东兴口岸每天通关多少旅客？", False),
])
def test_a_day_is_asked_not_a_figure_per_day(text, asks):
    """The review of session 14: "mỗi ngày bao nhiêu" asks a daily figure, and 近几日 means "these days"."""
    assert bool(_ASKS_DAY.search(text)) == asks


@pytest.mark.parametrize(("text", "month"), [
    ("Tháng 4/2024, Tập đoàn", True), ("ngày 27/2, Đoàn", True), ("2024年4月签署", True), ("in April 2024", True),
    ("vào tháng Tư", True), ("12/2024.", True), ("ngày 5/9/2023.", True),
    ("Năm 2024, tỉnh cử 8 người", False), ("tỷ lệ 4,5/10", False), ("kéo dài 3 tháng", False), ("1.160 người", False),
    ("you may go", False),
    # the review of session 17
    ("ngày 29.8.2024", True), ("2024年八月开始", True), ("on 2024-05-12", True), ("in Sept 2024", True),
    ("12 may 2024", True), ("八月以来", False),
])
def test_a_month_is_told_from_a_year(text, month):
    assert bool(_MONTH.search(text)) == month


@pytest.mark.parametrize(("text", "asks"), [
    ("Lớp học diễn ra vào tháng mấy?", True), ("thang nao ky ket", True), ("是在几月份签署的？", True),
    ("哪个月开通？", True), ("In which month was it signed?", True),
    ("Lớp học kéo dài mấy tháng?", False), ("几个月", False), ("mỗi tháng bao nhiêu chuyến", False),
])
def test_a_month_is_asked_not_a_count_of_months(text, asks):
    assert bool(_ASKS_MONTH.search(text)) == asks


TALKS = ("Trong chuyến thăm và làm việc tại Quảng Tây (Trung Quốc), ngày 27/2, Đoàn đại biểu tỉnh Quảng Ninh do Bí thư "
         "Tỉnh ủy Nguyễn Xuân Ký làm trưởng đoàn, đã có cuộc hội đàm với ông Lưu Ninh, Bí thư Khu ủy, Chủ nhiệm Ủy ban "
         "Thường vụ Đại hội Đại biểu nhân dân Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc).")
PROPOSAL = "Phó Chủ tịch UBND tỉnh Quảng Ninh Lê Văn Ánh đề nghị, hai bên chỉ đạo các cơ quan chức năng."


@pytest.mark.parametrize(("sentence", "name", "question", "holds"), [
    (TALKS, "Nguyễn Xuân Ký", "广宁省委书记是谁？", True),
    (TALKS, "Nguyễn Xuân Ký", "bi thu tinh uy quang ninh la ai", True),
    (TALKS, "Lưu Ninh", "广西壮族自治区党委书记是谁？", True),  # the place after his other office, past commas
    (TALKS, "Lưu Ninh", "Bí thư Khu ủy Quảng Tây là ai?", True),
    # asked as who holds it now (blind set 26: "Ai đang giữ chức ...?" at 0.23)
    (TALKS, "Lưu Ninh", "Ai đang giữ chức Bí thư Khu ủy Quảng Tây?", True),
    (TALKS, "Lưu Ninh", "ai hien la bi thu khu uy quang tay", True),
    (TALKS, "Nguyễn Xuân Ký", "Ai đang giữ chức Bí thư Khu ủy Quảng Tây?", False),
    (TALKS, "Nguyễn Xuân Ký", "Ai đang giữ chức Bí thư Tỉnh ủy Lạng Sơn?", False),
    (PROPOSAL, "Lê Văn Ánh", "出席定期会议的广宁省人民委员会副主席是谁？", True),
    (TALKS, "Nguyễn Xuân Ký", "Bí thư Tỉnh ủy Lạng Sơn là ai?", False),  # another province
    (TALKS, "Nguyễn Xuân Ký", "广西壮族自治区党委书记是谁？", False),  # Quảng Ninh's, not Guangxi's
    (TALKS, "Lưu Ninh", "广宁省委书记是谁？", False),  # a committee and place of the other side
    (PROPOSAL, "Lê Văn Ánh", "广宁省人民委员会主席是谁？", False),  # the deputy is not the chairman
    (PROPOSAL, "Lê Văn Ánh", "Bí thư Tỉnh ủy Quảng Ninh là ai?", False),  # another office
    (TALKS, "Nguyễn Xuân Ký", "Bí thư Tỉnh ủy là ai?", False),  # no place asked: whose secretary is unknown
    (TALKS, "Nguyễn Xuân Ký", "Ai là người đã hội đàm với Bí thư Tỉnh ủy Quảng Ninh?", False),  # whom he met
    (TALKS, "Nguyễn Xuân Ký", "与广宁省委书记举行会谈的广西壮族自治区人大常委会主任叫什么名字？", False),  # the 主任
    (TALKS, "Nguyễn Xuân Ký", "Bí thư Tỉnh ủy Quảng Ninh đã hội đàm với ai?", False),
    # the review of session 15: a holder of another time, and the office's own place and committee
    (TALKS, "Nguyễn Xuân Ký", "2010年广宁省委书记是谁？", False),
    (TALKS, "Nguyễn Xuân Ký", "前任广宁省委书记是谁？", False),
    (TALKS, "Nguyễn Xuân Ký", "Ai là Bí thư Tỉnh ủy Quảng Ninh đầu tiên?", False),
    (TALKS, "Nguyễn Xuân Ký", "ai la bi thu tinh uy quang ninh nam 2010", False),
    (TALKS, "Nguyễn Xuân Ký", "与广宁省委书记会谈的广西党委书记是谁？", False),
    (TALKS, "Lưu Ninh", "与广宁省委书记会谈的广西党委书记是谁？", True),
    (TALKS, "Nguyễn Xuân Ký", "ai la bi thu quang tay tiep doan quang ninh", False),
    ("Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Văn Bình và Phó Chủ tịch UBND tỉnh Cao Tường Huy dự.", "Nguyễn Văn Bình",
     "Ai là Phó Chủ tịch UBND tỉnh Quảng Ninh?", False),  # the deputy asked: "Phó" read where the office is
    ("Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Văn Bình và Phó Chủ tịch UBND tỉnh Cao Tường Huy dự.", "Nguyễn Văn Bình",
     "Ai là Chủ tịch UBND tỉnh Quảng Ninh?", True),
])
def test_the_holder_of_the_asked_office_is_read_with_its_place_rank_and_committee(sentence, name, question, holds):
    start = sentence.index(name)
    assert holds_the_asked_office(sentence, (start, start + len(name)), question) is holds


def test_guangxi_is_read_before_its_autonomous_region_and_party_committee():
    assert _places_in("广西壮族自治区党委书记是谁？") == _places_in("广西党委书记是谁？") == {"Quảng Tây"}


@pytest.mark.parametrize(("text", "bare", "countries"), [
    ("bao nhieu khach viet nam luu tru", True, {"Việt Nam"}), ("lượng khách Trung Quốc lưu trú", False, {"Trung Quốc"}),
    ("du khách đến từ Hàn Quốc", False, {"Hàn Quốc"}), ("有多少越南游客", False, {"Việt Nam"}),
    ("How many Vietnamese tourists", False, {"Việt Nam"}), ("khách quốc tế đến Trung Quốc", False, {"abroad"}),
    ("khách hàng Nhật Bản", False, set()), ("thị trường khách lớn nhất của Trung Quốc", False, set()),
    ("bao nhiêu lượt khách đến Việt Nam", False, set()),  # visitors to, not of (the review of session 15)
    # session 16: of a place, from a place, and from abroad (all foreign visitors, none of one country)
    ("2024年在广宁留宿的中国游客中，来自广西的有多少人次？", False, {"Trung Quốc", "Quảng Tây"}),
    ("来自广西壮族自治区的游客", False, {"Quảng Tây"}), ("visitors from Guangxi", True, {"Quảng Tây"}),
    ("khach den tu quang tay", True, {"Quảng Tây"}), ("lượt khách quốc tế", False, {"abroad"}),
    ("国际游客", False, {"abroad"}), ("foreign tourists", True, {"abroad"}),
    ("来自广西的投资有多少", False, set()),  # 来自 read only where visitors are counted
    # the review of session 16: the place that receives them, and foreign visitors of one country
    ("Lượng khách Quảng Ninh đón năm 2024 là bao nhiêu?", False, set()),
    ("How many tourists Quang Ninh welcomed in 2024?", True, set()),
    ("khách quốc tế đến từ Trung Quốc", False, {"Trung Quốc"}),
    # the second review: a province's visitors right after "khách" unless it receives them, and 广西 before 游客
    ("bao nhiêu lượt khách Quảng Tây lưu trú tại Quảng Ninh", False, {"Quảng Tây"}),
    ("2024年有多少广西游客在广宁留宿？", False, {"Quảng Tây"}),
])
def test_the_country_of_visitors_is_the_one_named_with_them(text, bare, countries):
    assert set(_visitors_of(text, bare)) == countries


@pytest.mark.parametrize(("text", "parts"), [
    ("Trung Quốc (bao gồm cả Hồng Kông, Đài Loan) dẫn đầu", "(bao gồm cả Hồng Kông, Đài Loan)"),
    ("doanh nghiệp châu Á, kể cả Hồng Kông và Đài Loan, đầu tư", "kể cả Hồng Kông và Đài Loan"),
    ("kể cả dịp Tết cho 97 nghìn lượt khách Việt Nam", "kể cả"),  # the review of session 15: no Việt Nam
    ("中国包括香港、台湾在广宁的项目", "包括香港、台湾"), ("projects including Hong Kong and Taiwan, 108",
                                                  "including Hong Kong and Taiwan"),
    # a question asking of the whole (blind set 19: refused as if it asked of Hong Kong alone)
    ("Tính cả Hồng Kông và Đài Loan, Trung Quốc có bao nhiêu dự án?", "Tính cả Hồng Kông và Đài Loan"),
    # the whole without its parts (the review of session 18)
    ("Không tính cả Hồng Kông và Đài Loan, Trung Quốc có bao nhiêu dự án?", ""),
    ("Not counting Hong Kong and Taiwan, how many projects?", ""), ("不包括香港和台湾，中国有多少项目？", ""),
])
def test_the_parts_a_whole_includes_are_names_right_after_the_words(text, parts):
    apart, included = _parts_of_wholes(text)
    assert included == parts and all(word not in apart for word in parts.split() if word[0].isupper())


@pytest.mark.parametrize(("text", "years"), [
    ("Tỉnh Quảng Ninh đã xét tuyển 12 học sinh nhận Học bổng ASEAN năm 2024.", {"2024"}),
    ("Ngày 25/6/2024, hai bên ký biên bản.", {"2024"}), ("2024年广西接待游客", {"2024"}),
    ("in 2010 the drought", {"2010"}),
    ("Năm 2024 tăng 5% so với năm 2023", set()),  # a comparison
    ("rừng, so với 734.000 dặm vuông (1.900.000 km vuông) vào năm 2005.", set()),  # earlier in its clause
    ("trong 9 năm liên tiếp (2015-2023)", set()), ("giai đoạn 2024 - 2026", set()), ("2010年至2015年", set()),
    ("since 2010 the drought", set()), ("Cho đến năm 2000, WSE", set()), ("在 2000 年之前是", set()),  # bounds
    ("vào năm nào trước năm 2000?", set()), ("the 2010 drought", set()), ("比2023年增长", set()),
    ("2023年起实施", set()), ("于2023年建成", {"2023"}),  # 起 a bound, 于 "in" (the review of session 16)
])
def test_a_sentence_is_dated_to_a_year_only_where_it_names_it_so(text, years):
    """Session 16: a year named as a bound, a comparison or in a range dates nothing (XQuAD's "trước năm 2000",
    "so với ... vào năm 2005" each turned a right answer into an abstention while the rule was written)."""
    assert years_dated(text) == years


def test_the_year_of_a_days_date_can_be_left_out():
    """The second review of session 16: a report's or an event's day ("Ngày 8/1/2025, ... năm qua tỉnh đón ...")
    dates no figure of a year."""
    assert years_dated("Ngày 8/1/2025, năm qua tỉnh đón 19 triệu lượt", days=False) == set()
    assert years_dated("2025年1月8日，去年接待", days=False) == set()
    assert years_dated("năm 2023, kim ngạch nhập khẩu đạt 3,9 tỷ USD", days=False) == {"2023"}


@pytest.mark.parametrize(("text", "part"), [
    ("Trong 9 tháng năm 2025, kim ngạch", True), ("6 thang dau nam", True), ("quý III", True), ("前三季度", True),
    ("上半年", True), ("1-9月", True), ("the first nine months", True), ("9 thang 2025 tang", True),
    ("năm 2025", False), ("hai bên thống nhất", False), ("9 tháng", False),
    # whole years and other words (the review of session 16)
    ("12 tháng năm 2024", False), ("1-12月", False), ("前12个月", False), ("四个季度", False), ("Q1 và H2", False),
])
def test_part_of_a_year_is_read_without_diacritics(text, part):
    """``_PART_OF_YEAR`` reads text stripped of its diacritics, as ``part_of_the_year_only`` gives it."""
    assert bool(_PART_OF_YEAR.search(strip_diacritics(text))) == part


@pytest.mark.parametrize(("text", "places"), [
    ("How does Chinese FDI in Quang Ninh compare with Chinese FDI in Bac Ninh province?", {"Quảng Ninh", "Bắc Ninh"}),
    ("与岘港相比，2024年广宁接待的中国留宿游客多多少？", {"Đà Nẵng"}),  # 广宁接待: inside a longer run, as before
    ("Guangdong exports and Hainan Airlines", {"Quảng Đông", "Hải Nam"}),
    ("富国强兵", set()), ("hợp tác vì hòa bình", set()),
    # the review of session 16: the Pacific, a person's name, Chinese words and other Chinese places
    ("Hiệp định CPTPP của các nước Thái Bình Dương", set()), ("bà Nguyễn Thị Thanh Hoa phát biểu", set()),
    ("广义的合作", set()), ("富国和强兵", set()), ("在太原市", set()), ("平定的局势", set()),
    # the second review: a given name after Thị or Văn, and the newspaper as the corpus writes it
    ("bà Nguyễn Thị Khánh Hòa phát biểu", set()), ("Nguyen Thi Thanh Hoa noi", set()),
    ("Nhật báo Quảng Tây đưa tin", set()), ("tỉnh Khánh Hòa", {"Khánh Hòa"}),
    ("Hồ Nam và Lý Hỏa", {"Hồ Nam", "Lý Hỏa"}),
    # not their bare forms, which are words ("hai năm", "Hà Giang tổ chức", "đa năng"), but as English writes them
    ("trong hai nam qua", set()), ("hoi nghi tai ha giang to chuc khi nao", {"Hà Giang"}), ("cang da nang", set()),
])
def test_other_provinces_and_cities_are_places_a_question_names(text, places):
    """Session 16: a question naming a place the glossary did not know (Bắc Ninh, 岘港) got the figure of
    Quảng Ninh at 0.82 and 0.87."""
    assert set(_place_mentions(text, bare=text.isascii())) == places


@pytest.mark.parametrize(("text", "came", "went"), [
    ("Bí thư Khu ủy Lưu Ninh dẫn đoàn đại biểu Quảng Tây sang thăm Quảng Ninh vào thời gian nào?",
     {"Quảng Tây"}, {"Quảng Ninh"}),
    ("Trong chuyến thăm và làm việc tại Quảng Tây (Trung Quốc), ngày 27/2, Đoàn đại biểu tỉnh Quảng Ninh do Bí thư",
     {"Quảng Ninh"}, {"Quảng Tây"}),
    ("广西代表团什么时候访问芒街？", {"Quảng Tây"}, {"Quảng Ninh"}),  # a city's province: "tại thành phố Bắc Hải"
    ("广西赴广宁代表团", {"Quảng Tây"}, {"Quảng Ninh"}), ("Đoàn đại biểu đến từ Quảng Tây", {"Quảng Tây"}, set()),
    ("Công đoàn Quảng Ninh", set(), set()), ("cong doan quang ninh", set(), set()),
    ("presented souvenirs to the Guangxi delegation", {"Quảng Tây"}, set()),  # the second review of session 18
    ("广宁省代表团访问广西", {"Quảng Ninh"}, {"Quảng Tây"}),
    ("When did the Guangxi delegation visit Quang Ninh?", {"Quảng Tây"}, {"Quảng Ninh"}),
    ("doan dai bieu quang tay sang tham quang ninh khi nao", {"Quảng Tây"}, {"Quảng Ninh"}),
    # a company is no delegation; a body that came is no delegation either, but where it went is read
    ("Tập đoàn Truyền thông Nhật Báo Quảng Tây đã sang Quảng Ninh tham dự", set(), {"Quảng Ninh"}),
    ("Tập đoàn Quảng Tây đầu tư", set(), set()), ("Kim ngạch của Quảng Ninh và Quảng Tây", set(), set()),
])
def test_where_a_delegation_comes_from_and_goes_to(text, came, went):
    bare = strip_diacritics(text) == text
    origin, destination = _visit(text, bare, loose=True)
    assert (set(origin), set(destination)) == (came, went)


@pytest.mark.parametrize(("text", "asks"), [
    ("Ai chủ trì Hội nghị trao đổi công tác giáo dục?", "chair"), ("hoi nghi do ai chu tri", "chair"),
    ("谁主持会议？", "chair"), ("Ai đồng chủ trì hội nghị?", "chair"), ("Ai chủ tọa phiên họp?", "chair"),
    ("Who co-chaired the meeting?", "chair"), ("会议由哪位领导主持？", "chair"),
    ("Đoàn 8 cán bộ do ai làm trưởng đoàn?", "lead"), ("代表团团长是谁？", "lead"), ("Đoàn do ai dẫn đầu?", "lead"),
    ("Ai dẫn đoàn sang Quảng Tây?", "lead"), ("Ai đứng đầu đoàn?", "lead"), ("谁率团访问广西？", "lead"),
    ("Who was the head of the Quang Ninh delegation?", "lead"), ("Người dẫn đầu đoàn là ai?", "lead"),
    ("Ai là Bí thư Tỉnh ủy?", None), ("Hội nghị do đơn vị nào chủ trì?", None),
])
def test_who_led_or_chaired_is_asked_in_so_many_words(text, asks):
    """Blind set 18: "Ai chủ trì Hội nghị ...?" got the bodies that organised it, naming no one, at 0.90; the review
    of session 18: the forms missed, and each question answered only by its own words (led, chaired)."""
    (lead, _), (chair, _) = _LED_OR_CHAIRED
    assert ("lead" if lead.search(text) else "chair" if chair.search(text) else None) == asks


@pytest.mark.parametrize(("text", "lang", "asks"), [
    ("What is the annual production capacity of the Jinko Solar project?", "en", True),
    ("What was the estimated population of Pons Aelius?", "en", True), ("What is the trade volume?", "en", True),
    ("What is the name of the bridge?", "en", False), ("What is the number of the kind of ships?", "en", False),
    ("What did the two sides agree?", "en", False), ("What is the total", "vi", False),  # Vietnamese asks "bao nhiêu"
    ("What was the total?", "en", True), ("What is the total value of trade?", "en", True),
    # a field, a rank, an agreement, a programme (the review of session 18)
    ("What is the key area of cooperation in tourism?", "en", False), ("What is the number one priority?", "en", False),
    ("What was the total agreement about?", "en", False),
    ("What is the capacity building programme called?", "en", False),
    # an investment's amount (blind set 23), not its name, purpose or kind (the review of session 23)
    ("What is the total investment for the Bac Luan III bridge?", "en", True), ("What was the investment?", "en", True),
    ("What is the name of the investment project?", "en", False),
    ("What was the purpose of the investment?", "en", False),
    ("What is the investment climate in Quang Ninh like?", "en", False),
    ("What are the investment projects of China?", "en", False),
])
def test_an_english_question_asks_a_measure_without_how_many(text, lang, asks):
    """Blind set 18: "What is the annual production capacity of ...?" got a sentence with no figure at 0.97."""
    assert bool(asks_a_quantity(text, lang)) == asks


@pytest.mark.parametrize(("question", "sentence", "fires"), [
    ("Đoàn khảo sát mô hình nông thôn mới ở xã nào?", "Đoàn sẽ khảo sát một số địa điểm tại thành phố Nam Ninh.", True),
    ("Đoàn khảo sát mô hình nông thôn mới ở xã nào?", "Đoàn khảo sát mô hình tại xã Hải Sơn.", False),
    ("Huyện nào của Quảng Ninh ký thỏa thuận?", "lễ ký giữa Huyện ủy Bình Liêu và Khu ủy Phòng Thành", False),
    ("cua khau hoanh mo nam o huyen nao", "Cặp cửa khẩu Hoành Mô - Động Trung được công bố mở chính thức.", True),
    ("广宁哪个县与防城区委签署了协议？", "Cặp cửa khẩu Hoành Mô - Động Trung được công bố.", True),
    ("Which village hosted the delegation?", "The delegation visited Nanning.", True),
    # any locality, an area, a document: no level of place asked
    ("he thong cao toc ket noi tu mong cai qua nhung dia phuong nao", "Móng Cái - Hạ Long - Hải Phòng", False),
    ("布鲁黑文的哪个区域犯罪率仍然很高？", "Phân khu bị cô lập vẫn có tỷ lệ tội phạm cao.", False),
    ("Văn bản nào được ký kết?", "Hai bên ký Bản ghi nhớ.", False),
])
def test_a_commune_district_or_village_asked_must_be_named(question, sentence, fires):
    """Blind set 20: "... khảo sát mô hình nông thôn mới ở xã nào?" got a sentence naming only a city at 0.91."""
    assert bool(unstated_level(one_sentence(question, sentence), (0,), "")) == fires


def one_sentence(question: str, sentence: str, lang: str = "vi") -> Evidence:
    """The evidence of one candidate sentence, for the tests that read only the question and the sentence."""
    return Evidence(question, lang, (), {}, 1, (), (SentenceEvidence("d", 0, len(sentence), sentence, 0.8, 1, False),))


_SCHOLARSHIP = "Tỉnh Quảng Ninh đã xét tuyển 12 học sinh của tỉnh nhận Học bổng ASEAN của Quảng Tây năm 2024."


@pytest.mark.parametrize(("question", "sentence", "lang", "fires"), [
    ("hoc bong asean cua quang tay danh cho hoc sinh lang son la bao nhieu suat", _SCHOLARSHIP, "vi", True),
    ("Năm 2024 Lạng Sơn có bao nhiêu học sinh nhận học bổng ASEAN của Quảng Tây?", _SCHOLARSHIP, "vi", True),
    ("2024年谅山省有多少学生获得广西东盟奖学金？", _SCHOLARSHIP, "zh", True),
    ("Học bổng ASEAN của Quảng Tây dành cho học sinh Quảng Ninh là bao nhiêu suất?", _SCHOLARSHIP, "vi", False),
    # a city's figure may be its province's, and a figure asked of a city may be given of its province
    ("Móng Cái có bao nhiêu học sinh nhận học bổng?", _SCHOLARSHIP, "vi", False),
    ("Quảng Ninh đón bao nhiêu lượt khách?", "Móng Cái đón 261.048 lượt khách.", "vi", False),
    # another country's province is the other rule's (``figure_of_another_country``)
    ("Vân Nam có bao nhiêu học sinh nhận học bổng?", "Quảng Ninh có 12 học sinh nhận học bổng.", "vi", False),
    ("Lạng Sơn có những học sinh nào nhận học bổng?", _SCHOLARSHIP, "vi", False),  # no figure asked
])
def test_a_figure_of_another_province_is_no_answer(question, sentence, lang, fires):
    """Blind set 20: "... danh cho hoc sinh lang son la bao nhieu suat" got Quảng Ninh's 12 students at 0.82."""
    assert bool(figure_of_another_province(one_sentence(question, sentence, lang), (0,), "")) == fires


@pytest.mark.parametrize(("question", "sentence", "fires"), [
    ("越南四省与广西的联合工作委员会会议多久举行一次？",
     "Hội nghị Ủy ban công tác liên hợp lần thứ 15 diễn ra tại Bắc Hải.", True),
    ("广宁省传媒中心与广西日报传媒集团多久交换一次信息？", "Hai bên trao đổi thông tin hai lần một tuần.", False),
    ("Hội nghị được tổ chức bao lâu một lần?", "Hội nghị được tổ chức định kỳ hằng năm.", False),
    ("How often do the leaders meet?", "The leaders meet every spring.", False),
    ("How often do the leaders meet?", "The leaders met in Nanning.", True),
    ("会议多久举行一次？", "会议每年举行一次。", False),
    ("议会选举多久举行一次？", "Bầu cử diễn ra sau mỗi 5 năm.", False),
    ("Bầu cử bao lâu một lần?", "Bầu cử 5 năm một lần.", False),
    # the second review of session 18: words between, times a year, biennially, 每三年, 届; how often asked so
    ("Hội nghị bao lâu tổ chức một lần?", "Hội nghị hai năm tổ chức một lần.", False),
    ("How often does the committee meet?", "The joint committee meets three times a year.", False),
    ("How often is the fair held?", "The fair is held biennially.", False),
    ("会议多久举行一次？", "会议每三年举办。", False), ("会议多久举行一次？", "该会议一年举办两届。", False),
    ("联合工作委员会会议多长时间召开一次？", "会议每年召开一次。", False),
    ("会议每几年举行一次？", "会议第一次在南宁举行。", True),
    ("Hội nghị tổ chức mấy năm một lần?", "Hội nghị được tổ chức định kỳ hằng năm.", False),
    ("Hội nghị kéo dài bao lâu?", "Hội nghị diễn ra tại Bắc Hải.", False),
])
def test_how_often_asked_needs_a_frequency_told(question, sentence, fires):
    """The review of session 18: 多久交换一次 is how often, not how long; blind set 18's 多久举行一次 is caught here."""
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", question) else "vi"
    assert bool(unstated_frequency(one_sentence(question, sentence, lang), (0,), "")) == fires


@pytest.mark.parametrize(("sentence", "question", "holds"), [
    # session 22: "two sides", "two countries" and the tư of "đầu tư", "tư vấn" (tư is also four) count nothing ...
    ("góp phần thúc đẩy đầu tư, thương mại, xuất nhập khẩu giữa các địa phương hai nước.", "", False),
    ("Hỗ trợ, thúc đẩy doanh nghiệp hai bên đầu tư trong lĩnh vực logistics.", "", False),
    ("Hai bên đã thống nhất.", "", False),
    ("Doanh nghiệp tư nhân trong lĩnh vực tư vấn.", "", False),
    ("两国加强合作，推动贸易发展。", "", False),
    ("Hai\xa0nước tăng cường hợp tác.", "", False),
    # ... but a number of things does, and so do two sides or countries where the question asks how many
    ("Hai bên đã ký hai thỏa thuận hợp tác.", "", True),
    ("Kim ngạch đạt hai tỷ USD.", "", True),
    ("Quảng Ninh có bốn cửa khẩu với Trung Quốc.", "", True),
    ("Lãnh đạo hai tỉnh tham dự.", "", True),
    ("Khai mạc vào thứ tư.", "", True),
    ("两国签署了三项协议。", "", True),
    ("Kim ngạch đạt 2,89 tỷ USD.", "", True),
    ("Lực lượng biên phòng hai nước tham gia diễn tập.", "Bao nhiêu nước tham gia diễn tập?", True),
    ("Lực lượng biên phòng hai nước tham gia diễn tập.", "How many countries take part in the drill?", True),
    ("两国边防部队参加联合巡逻。", "有几个国家参加联合巡逻？", True),
])
def test_words_of_two_partners_are_no_figure(sentence, question, holds):
    asked = question or "What is the trade volume between Quang Ninh and Guangxi?"
    assert _holds_a_figure(sentence, "number", asked) is holds


def test_a_photo_caption_is_told_by_the_credit_after_it():
    """Session 22: the seed corpus's one caption ("Quang cảnh Hội nghị định kỳ ..." then "Ảnh: TTXVN phát") was the
    answer of 11 questions, 10 of them wrong; a caption is no candidate answer (``decide``)."""
    texts = ["Quang cảnh Hội nghị định kỳ Quảng Ninh - Phòng Thành Cảng.", "Ảnh: TTXVN phát Trên cơ sở hợp tác.",
             "Hai bên thống nhất.", "(Ảnh: Thu Hằng)", "Ảnh hưởng của dịch bệnh giảm.", "Kim ngạch tăng.",
             "图为会议现场。", "Photo: Reuters"]
    sentences, start = [], 0
    for text in texts:
        sentences.append(SentenceEvidence("d", start, start + len(text), text, 0.8, 1, False))
        start += len(text) + 1
    evidence = Evidence("Hội nghị nào?", "vi", (), {}, 1, (), tuple(sentences))
    assert photo_captions(evidence).tolist() == [True, False, True, False, False, False, True, False]
    elsewhere = replace(evidence, sentences=(sentences[0], replace(sentences[1], doc_id="e")))
    assert photo_captions(elsewhere).tolist() == [False, False]  # the credit of another document's photo


def test_a_credit_line_answers_only_a_question_about_its_role():
    texts = ["Thực hiện: Bảo Bình", "Trình bày: Hùng Sơn", "责任编辑：王伟 李明", "Bài và ảnh: Nguyễn Văn An",
             "Thực hiện: Hải Nam - Thu Hương", "Ảnh: Minh Hà (TTXVN)",
             "Ảnh: Quang cảnh hội nghị với nhiều đại biểu tham dự tại Hạ Long.",  # a sentence, not a name
             "Bài toán: kim ngạch tăng 15%.", "Năm 2024, kim ngạch đạt 4,42 tỷ USD."]
    sentences = tuple(SentenceEvidence("d", 100 * i, 100 * i + len(t), t, 0.8, 1, False) for i, t in enumerate(texts))
    evidence = Evidence("What time is it in Viet Nam?", "en", (), {}, 1, (), sentences)
    assert credit_lines(evidence).tolist() == [True] * 6 + [False] * 3
    assert credit_lines(replace(evidence, question="Dự án được thực hiện khi nào?")).sum() == 6  # carried out
    for question in ("Ai thực hiện bài viết?", "Who wrote the article?", "这篇文章的作者是谁？", "Ai chụp bức ảnh này?",
                     "Who took the photo?", "这张照片是谁拍的？"):
        assert not credit_lines(replace(evidence, question=question)).any(), question


_CONFERENCE = ("Từ 29 - 30/8/2024, Sở Y tế tỉnh Quảng Ninh chủ trì, phối hợp với Sở Y tế các tỉnh Lạng Sơn, Cao Bằng "
               "tổ chức Hội nghị kiểm dịch y tế biên giới “Hai nước, bốn bên” lần thứ tư.")


@pytest.mark.parametrize(("question", "sentence", "lang", "said"), [
    ("hoi nghi kiem dich y te bien gioi 29-30/8/2024 to chuc o dia diem nao?", _CONFERENCE, "vi", "dia diem nao"),
    ("Hội nghị kiểm dịch y tế biên giới lần thứ tư được tổ chức ở đâu?", _CONFERENCE, "vi", "ở đâu"),
    ("第四次边境卫生检疫会议在哪里举行？", _CONFERENCE, "zh", "在哪"),
    ("Where was the fourth border health quarantine conference held?", _CONFERENCE, "en", "Where"),
    # the venue said: "tại", 在
    ("Hội nghị được tổ chức ở đâu?", "Hội nghị được tổ chức tại tỉnh Hà Giang vào giữa tháng 11/2024.", "vi", None),
    ("会议在哪里举行？", "会议在南宁举行。", "zh", None),
    # which provinces held it, not where (a question of session 18); where something is, not an event
    ("so y te nhung tinh nao phoi hop to chuc hoi nghi kiem dich", _CONFERENCE, "vi", None),
    ("Cửa khẩu Hoành Mô nằm ở đâu?", "Cặp cửa khẩu Hoành Mô - Động Trung được công bố mở chính thức.", "vi", None),
    ("Tổ chức ASEAN có trụ sở ở đâu?", "ASEAN gồm 10 nước thành viên.", "vi", None),  # the noun, not held
    ("khu hop tac kinh te qua bien gioi nam o dau?", "Khu hợp tác kinh tế qua biên giới được xây dựng.", "vi", None),
    # the venue said otherwise (the review of session 24)
    ("Hội nghị lần thứ tư được tổ chức ở đâu?", "TP Móng Cái đăng cai Hội nghị lần thứ tư.", "vi", None),
    ("会议在哪里举行？", "会议于南宁国际会展中心举行。", "zh", None),
    # a venue of another year's event is none (blind set 26); of the year asked, or of no year, it is one
    ("2023年越南四省与广西的教育工作交流会议在哪里举行？", "Sở Giáo dục và Đào tạo các tỉnh phía Việt Nam phối hợp "
     "tổ chức Hội nghị trao đổi công tác giáo dục vào giữa tháng 11/2024 tại tỉnh Hà Giang.", "zh", "在哪"),
    ("Hội nghị năm 2023 được tổ chức ở đâu?", "Hội nghị năm 2024 được tổ chức tại tỉnh Hà Giang.", "vi", "ở đâu"),
    ("Hội nghị năm 2024 được tổ chức ở đâu?", "Hội nghị được tổ chức tại tỉnh Hà Giang vào giữa tháng 11/2024.", "vi",
     None),
    ("Hội nghị năm 2023 được tổ chức ở đâu?", "Hội nghị được tổ chức tại tỉnh Hà Giang.", "vi", None),
    ("Hội nghị năm 2024 được tổ chức ở đâu?", "Ngày 15/1/2025, Sở cho biết Hội nghị đã được tổ chức tại tỉnh Hà Giang.",
     "vi", None),  # the review: a day's date is the report's as often as the event's
])
def test_where_an_event_was_held_must_be_said(question, sentence, lang, said):
    """Blind set 24: "... to chuc o dia diem nao?" got a sentence naming the provinces that held the conference and
    no venue at 0.92; two near misses of sessions 18 and 21 (where a ceremony was held, where the next meeting will
    be) at 0.91 and 0.72."""
    assert unstated_venue(one_sentence(question, sentence, lang), (0,), "") == ([said] if said else [])


@pytest.mark.parametrize(("sentence", "question", "holds"), [
    # a probe (session 25): a count asked of a sentence whose only figure is a year, answered at 0.68
    ("Đại học Hạ Long đang kết nối để ký kết Bản ghi nhớ trong khuôn khổ Gặp gỡ đầu xuân 2025.",
     "Đại học Sư phạm Quảng Tây nhận bao nhiêu sinh viên trao đổi mỗi năm?", False),
    ("Năm 2024, tỉnh cử đoàn cán bộ gồm 8 người.", "Tỉnh cử bao nhiêu cán bộ?", True),
    ("Khoảng 2000 người tham dự lễ hội.", "Bao nhiêu người tham dự?", True),  # a unit after it: a count
    ("Năm 2024 tỉnh đón khách.", "Bao nhiêu khách?", False),  # "năm" before a year is no five
    # a probe (session 25): the 二 of 北仑河二桥, a name the question gives, and a lone 一 (进一步) are no figures
    ("推进北仑河二桥货运通道的智慧化改造，进一步加强合作。", "北仑河二桥总投资多少？", False),
    ("东兴口岸新增了十二条自助查验通道。", "东兴口岸新增了多少条通道？", True),
    ("越南籍旅客约占四成。", "越南旅客占多少？", True),
    # the review of session 25: a figure of 1900 to 2099 not written as a year is a count; Han counts around a
    # numeral that alone is none (数百, 上万, 千万元), 一 before a measure word
    ("Hội chợ thu hút 2000 doanh nghiệp.", "Hội chợ thu hút bao nhiêu doanh nghiệp?", True),
    ("共有2000多人参加。", "有多少人参加？", True),
    ("The fair drew 2000 companies.", "How many companies came?", True),
    ("数百名游客参加，上万人观看，投资千万元。", "有多少游客？", True),
    ("仅有一家企业参加。", "有多少企业？", True),
    ("统一思想，推进一带一路，改善百姓生活。", "有多少企业？", False),
])
def test_a_year_or_a_numeral_of_a_name_is_no_count(sentence, question, holds):
    assert _holds_a_figure(sentence, "number", question) is holds


@pytest.mark.parametrize(("question", "sentence", "lang", "fires"), [
    # a probe (session 25): last year's count asked of an article giving this year's, at 0.92
    ("东兴口岸去年出入境旅客有多少？", "东兴口岸今年出入境旅客突破百万人次", "zh", True),
    ("Năm ngoái cửa khẩu Đông Hưng đón bao nhiêu khách?", "Năm nay cửa khẩu Đông Hưng đón 1 triệu khách.", "vi", True),
    ("How many visitors crossed last year?", "This year 1 million visitors crossed.", "en", True),
    # the review of session 25: a sentence giving its year may answer "this year"; the same relative year; words
    # that only look like one (至今年均, 提前年内, "Việt Nam nay", "sang năm 2026")
    ("今年东兴口岸出入境旅客有多少？", "2024年东兴口岸旅客达1000万人次，比去年增长20%。", "zh", False),
    ("Năm nay cửa khẩu đón bao nhiêu khách?", "Năm 2025 cửa khẩu đón 2 triệu khách, tăng 10% so với năm ngoái.", "vi",
     False),
    ("今年东兴口岸旅客有多少？", "今年东兴口岸旅客突破百万人次，比去年增长。", "zh", False),
    ("去年旅客有多少？", "至今年均增长百分之十，提前年内完成。", "zh", False),
    ("Năm nay Việt Nam đón bao nhiêu khách?", "Du lịch Việt Nam nay đón 5 triệu khách.", "vi", False),
])
def test_a_year_named_from_the_time_of_writing_must_be_the_passages(question, sentence, lang, fires):
    assert bool(unstated_year(one_sentence(question, sentence, lang), (0,), sentence)) == fires


_NINE_MONTHS = ("Trong 9 tháng năm 2025, kim ngạch xuất nhập khẩu giữa hai bên ước đạt 2,89 tỷ USD, Quảng Ninh đã "
                "đón gần 430.000 lượt khách Trung Quốc lưu trú.")


@pytest.mark.parametrize(("question", "sentence", "lang", "fires"), [
    ("Thang 10/2025 Quang Ninh don bao nhieu khach Trung Quoc luu tru?", _NINE_MONTHS, "vi", True),
    ("Tháng 10 năm 2025 Quảng Ninh đón bao nhiêu khách Trung Quốc lưu trú?", _NINE_MONTHS, "vi", True),
    ("2025年10月广宁接待了多少中国留宿游客？", _NINE_MONTHS, "zh", True),
    ("十月份广宁接待了多少中国游客？", _NINE_MONTHS, "zh", True),
    ("In October 2025, how many Chinese visitors stayed in Quang Ninh?", _NINE_MONTHS, "en", True),
    # the month is stated, as a month or as a day's: no near miss
    ("Tháng 9/2025 Quảng Ninh đón bao nhiêu khách?", "Tháng 9/2025, Quảng Ninh đón 50.000 lượt khách.", "vi", False),
    ("Tháng 2 đoàn có bao nhiêu người?", "Ngày 27/2, đoàn 30 người đến Nam Ninh.", "vi", False),
    ("2024年8月的会议有多少人参加？", "Hội nghị ngày 29 - 30/8/2024 có 120 đại biểu.", "zh", False),
    # ... however the passage writes it: before a comma or a full stop, in words, dotted, by ISO, abbreviated (the
    # review of session 27)
    ("Tháng 10/2025 Quảng Ninh đón bao nhiêu khách?", "Trong tháng 10, Quảng Ninh đón 50.000 lượt khách.", "vi", False),
    ("Tháng 10/2025 Quảng Ninh đón bao nhiêu khách?", "Có 50.000 lượt khách trong tháng 10.", "vi", False),
    ("Tháng 10/2025 Quảng Ninh đón bao nhiêu khách?", "Tháng Mười năm 2025 có 50.000 lượt khách.", "vi", False),
    ("2025年10月广宁接待了多少游客？", "Ngày 15.10.2025, 5.000 lượt khách đến Hạ Long.", "zh", False),
    ("2025年10月广宁接待了多少游客？", "Ngày 2025-10-15, 5.000 lượt khách đến Hạ Long.", "zh", False),
    ("How many delegates came in August 2024?", "120 delegates came (Aug. 29-30, 2024).", "en", False),
    # not one month: a count of months, a span of them, or none; nor a question for no figure
    ("Trong 9 tháng năm 2025 Quảng Ninh đón bao nhiêu khách Trung Quốc lưu trú?", _NINE_MONTHS, "vi", False),
    ("Từ tháng 1 đến tháng 9 năm 2025 kim ngạch đạt bao nhiêu?", _NINE_MONTHS, "vi", False),
    ("2025年1-9月双方贸易额是多少？", _NINE_MONTHS, "zh", False),
    ("前9个月广宁接待了多少中国游客？", _NINE_MONTHS, "zh", False),
    # from the year's start to a month: a running total, not the month's figure
    ("2025年1月至10月广宁接待了多少中国游客？", _NINE_MONTHS, "zh", False),
    ("2025年1—10月广宁接待了多少中国游客？", _NINE_MONTHS, "zh", False),
    ("到2025年10月底广宁接待了多少中国游客？", _NINE_MONTHS, "zh", False),
    ("Từ đầu năm đến cuối tháng 10/2025 Quảng Ninh đón bao nhiêu khách?", _NINE_MONTHS, "vi", False),
    ("Lũy kế tháng 10/2025 Quảng Ninh đón bao nhiêu khách?", _NINE_MONTHS, "vi", False),
    ("Tháng 10/2025 Quảng Ninh tổ chức sự kiện gì?", _NINE_MONTHS, "vi", False),
])
def test_a_figure_asked_of_one_month_needs_that_month(question, sentence, lang, fires):
    """Blind set 27: "Thang 10/2025 Quang Ninh don bao nhieu khach Trung Quoc luu tru?" got the first nine months'
    figure at 0.48 (0.85 asked with marks)."""
    evidence = one_sentence(question, sentence, lang)
    assert bool(month_of_the_figure(evidence, (0,), sentence)) == fires


_SECRETARY = ("Trong chuyến thăm Quảng Tây, ngày 27/2, Đoàn đại biểu tỉnh Quảng Ninh do Bí thư Tỉnh ủy Nguyễn Xuân "
              "Ký làm trưởng đoàn, đã hội kiến Bí thư Khu ủy Quảng Tây.")
_MINISTER = "Người giữ chức cuối cùng là Bộ trưởng Lothar Maizière."  # another office ("Bộ trưởng") before the name


@pytest.mark.parametrize(("question", "sentence", "more", "lang", "fires"), [
    ("现任广宁省人民委员会主席是谁？", _SECRETARY, "", "zh", True),
    ("Ai là Chủ tịch UBND tỉnh Quảng Ninh?", _SECRETARY, "", "vi", True),
    # the office asked, or the same office in Chinese: the person holds it
    ("广宁省委书记是谁？", _SECRETARY, "", "zh", False),
    ("Ai là Bí thư Tỉnh ủy Quảng Ninh?", _SECRETARY, "", "vi", False),
    # the passages name the asked office somewhere: the model's to weigh (or ``unstated_holder``'s, for a deputy's)
    ("Ai là Chủ tịch UBND tỉnh Quảng Ninh?", _SECRETARY, " Chủ tịch UBND tỉnh phát biểu.", "vi", False),
    # no place of the glossary: a translation may call the office otherwise
    ("东德的最后一任总理是谁？", _MINISTER, "", "zh", False),
])
def test_the_holder_of_another_office_is_no_answer(question, sentence, more, lang, fires):
    """Blind set 27: 现任广宁省人民委员会主席是谁？ (the chairman of the People's Committee, named in no article) got
    the Party secretary Nguyễn Xuân Ký at 0.39."""
    assert bool(another_office_held(one_sentence(question, sentence, lang), (0,), sentence + more)) == fires


_GRDP = ("Quảng Ninh đã có bước phát triển đột phá với tốc độ tăng trưởng GRDP trên 2 con số trong 9 năm liên tiếp "
         "(2015-2023).")


@pytest.mark.parametrize(("question", "sentence", "lang", "fires"), [
    ("2023年广宁省GRDP的具体增长率是多少？", _GRDP, "zh", True),
    ("Tốc độ tăng trưởng GRDP năm 2023 của Quảng Ninh là bao nhiêu?", _GRDP, "vi", True),
    ("toc do tang truong grdp 2023 la bao nhieu", _GRDP, "vi", True),
    ("What was the GRDP growth rate of Quang Ninh in 2023?", _GRDP, "en", True),
    # a percentage stated answers it
    ("2025年前9个月双方贸易额增长率是多少？", "Kim ngạch ước đạt 2,89 tỷ USD (tăng 15,8%).", "zh", False),
    # a count asked of a rate: the years, not the rate
    ("Quảng Ninh giữ tốc độ tăng trưởng GRDP hai con số trong bao nhiêu năm liền?", _GRDP, "vi", False),
    ("quang ninh co toc do tang truong grdp tren 2 con so trong bao nhieu nam lien tiep", _GRDP, "vi", False),
    ("广宁省GRDP增长率连续多少年超过两位数？", _GRDP, "zh", False),
])
def test_a_rate_of_growth_asked_needs_a_percentage(question, sentence, lang, fires):
    """Blind set 27: 2023年广宁省GRDP的具体增长率是多少？ got the "2" of "trên 2 con số" (double digits) at 0.85."""
    assert bool(unstated_unit(one_sentence(question, sentence, lang), (0,), sentence)) == fires


@pytest.mark.parametrize(("sentence", "holds"), [
    ("Bí thư Tỉnh ủy Quảng Ninh Nguyễn Xuân Ký phát biểu.", True),
    ("Nguyên Bí thư Tỉnh ủy Quảng Ninh Phạm Minh Chính phát biểu.", False),
    ("Cố Bí thư Tỉnh ủy Quảng Ninh Nguyễn Văn Hai phát biểu.", False),
    ("Nguyên Phó Bí thư Tỉnh ủy Quảng Ninh Nguyễn Văn Hai phát biểu.", False),
])
def test_who_held_an_office_once_does_not_hold_it(sentence, holds):
    """The review of session 27: "Nguyên Bí thư Tỉnh ủy ..." (a former secretary) was read as the holder asked, and
    the runners-up are read so now too."""
    question = "广宁省委书记是谁？" if "Phó" not in sentence else "广宁省委副书记是谁？"
    span = answer_span(sentence, "person", question)
    assert span is not None and holds_the_asked_office(sentence, span, question) == holds
