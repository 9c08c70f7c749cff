"""A hand-written glossary of this domain's place, organisation and person names, Vietnamese <-> Chinese.

Hán-Việt readings bridge many names (广宁 reads Quảng Ninh) but not the ones
that are not Sino-Vietnamese (芒街 reads Mang Nhai, the city is Móng Cái;
谅山 reads Lượng Sơn, the province is Lạng Sơn). Each pair below is a name as
written in Vietnamese and Chinese news; only pairs we are sure of are listed.
It is corpus-independent: it names the region, not the articles.
"""

import re
from functools import lru_cache

from index.normalize import nfc

NAME_PAIRS: tuple[tuple[str, str], ...] = (
    ("Quảng Ninh", "广宁"), ("Quảng Tây", "广西"), ("Choang", "壮族"), ("Móng Cái", "芒街"),
    ("Đông Hưng", "东兴"), ("Hạ Long", "下龙"), ("Vân Đồn", "云屯"), ("Bình Liêu", "平辽"),
    ("Bắc Hải", "北海"), ("Phòng Thành Cảng", "防城港"), ("Phòng Thành", "防城"), ("Bắc Luân", "北仑"),
    ("Nam Ninh", "南宁"), ("Bằng Tường", "凭祥"), ("Lạng Sơn", "谅山"), ("Cao Bằng", "高平"), ("Hà Giang", "河江"),
    ("Lào Cai", "老街"), ("Hà Khẩu", "河口"), ("Hải Phòng", "海防"), ("Hà Nội", "河内"), ("Vân Nam", "云南"),
    ("Côn Minh", "昆明"), ("Phúc Kiến", "福建"), ("Hoành Mô", "横模"), ("Động Trung", "峒中"),
    ("Bắc Phong Sinh", "北风生"), ("Lý Hỏa", "里火"), ("Hồng Kông", "香港"), ("Đài Loan", "台湾"),
    ("Trung Quốc", "中国"), ("Việt Nam", "越南"), ("ASEAN", "东盟"), ("Nam Á", "南亚"),
    ("Lưu Ninh", "刘宁"), ("Jinko Solar", "晶科能源"), ("Nhật Báo Quảng Tây", "广西日报"),
)


@lru_cache(maxsize=1)
def _vietnamese_pattern() -> re.Pattern:
    names = sorted((vi for vi, _ in NAME_PAIRS), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")


def vietnamese_names_for(chinese_text: str) -> list[str]:
    """Vietnamese names whose Chinese form occurs in ``chinese_text`` (longest Chinese forms first)."""
    text, found = nfc(chinese_text), []
    for vi, zh in sorted(NAME_PAIRS, key=lambda pair: -len(pair[1])):
        if zh in text:
            found.append(vi)
            text = text.replace(zh, " ")
    return found


def names_in(vietnamese_text: str) -> list[tuple[str, str]]:
    """``(vietnamese, chinese)`` for each glossary name in ``vietnamese_text``, in order of first occurrence."""
    chinese = dict(NAME_PAIRS)
    seen = dict.fromkeys(m.group(1) for m in _vietnamese_pattern().finditer(nfc(vietnamese_text)))
    return [(vi, chinese[vi]) for vi in seen]
