"""The fictional Liaoyang both the demo detachment and the synthetic weeks are set in.

Pure data, no imports: its districts, the road minutes between them, how the
detachment's stations and served units spread over them, and the names of its people
and businesses. `demo/` writes these into the
database; `optimizer.generator` writes them into the weeks it generates.
"""

from __future__ import annotations

# The four city districts first, then the two county-level areas.
URBAN_DISTRICTS = ("白塔区", "文圣区", "宏伟区", "太子河区")
DISTRICTS = (*URBAN_DISTRICTS, "弓长岭区", "辽阳县", "灯塔市")

# Road minutes between district centres (symmetric; the diagonal is travel inside one).
# The four central districts touch; 弓长岭区 sits in the hills to the south-east, nearest
# to 宏伟区; 辽阳县 wraps around the city (its seat, 首山, is close to 太子河区 and 白塔区)
# and 灯塔市 lies up the Shenyang road, so both county-level areas are farther away and
# also larger inside.
TRAVEL_MINUTES = (
    (10, 20, 25, 20, 45, 35, 45),
    (20, 12, 25, 25, 40, 35, 50),
    (25, 25, 12, 30, 35, 40, 55),
    (20, 25, 30, 12, 50, 30, 45),
    (45, 40, 35, 50, 15, 50, 60),
    (35, 35, 40, 30, 50, 25, 55),
    (45, 50, 55, 45, 60, 55, 20),
)

# Share of stations and of served units per district (population-weighted).
DISTRICT_WEIGHTS = (0.26, 0.15, 0.10, 0.12, 0.06, 0.15, 0.16)

# The detachment's headquarters (支队机关), where the supervisors and the service window sit.
OFFICE_NAME = "辽阳市消防救援支队机关"
OFFICE_DISTRICT = "白塔区"


def travel_minutes(origin: str, destination: str) -> int:
    """Road minutes from one district's centre to another's."""
    return TRAVEL_MINUTES[DISTRICTS.index(origin)][DISTRICTS.index(destination)]


# People and businesses: the generator's staff and units, the demo's staff, contacts,
# complainants, reviewers and served units all take their names from these lists.
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_MALE = (
    "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林洋阳博文海东亮峰志国建新春永宏德成"
)
GIVEN_FEMALE = "欣娜静敏丽艳芳婷颖雪慧晶玲红霞丹琳秀兰凤英萍洁佳月梅莉倩蕾"

BUSINESS_STEMS = [
    "华联",
    "新玛特",
    "兴隆",
    "鑫源",
    "恒泰",
    "金鼎",
    "万达",
    "银座",
    "瑞丰",
    "宏达",
    "龙鼎山",
    "东方",
    "明珠",
    "福佳",
    "天成",
    "汇丰",
    "嘉禾",
    "盛京",
    "衍水",
    "襄平",
    "广佑",
    "白塔",
    "通达",
    "华润",
    "富力",
    "亿丰",
    "金源",
    "鸿运",
    "昌盛",
    "佳和",
    "永安",
    "泰和",
    "正大",
    "宝利",
    "锦绣",
    "腾飞",
]
