"""Words for generated company names: fantasy stems and product words in each register's language.

Stems are common words companies of the region take as names (Kazakh *Береке* "abundance", Uzbek *Oltin* "gold",
Turkmen *Bereket*, Tajik *Ситора* "star", ...), combined at random with real place names and product words; no
stem or combination is meant to name a real company. Uzbek Latin uses U+02BB for oʻ and gʻ.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["GROUP_WORDS", "RU_COMPOUNDS", "RU_SUFFIXES", "STEMS", "ZH_STEMS", "ZH_WORDS", "ascii_slug", "uz_cyrillic"]

STEMS: dict[str, tuple[str, ...]] = {
    "kk": (
        "Алтын", "Береке", "Ақ Жол", "Нұр", "Самал", "Сарыарқа", "Байтерек", "Қайнар", "Атамекен", "Ырыс",
        "Достық", "Тұлпар", "Бірлік", "Асыл", "Жұлдыз", "Кең Дала", "Ордабасы", "Мирас", "Шапағат", "Ақниет",
    ),
    "ky": (
        "Ала-Тоо", "Ак-Жол", "Береке", "Ынтымак", "Кут", "Нур", "Тулпар", "Айчурөк", "Эне-Сай", "Ырыс",
        "Алтын", "Ак-Суу", "Жибек Жолу", "Асыл", "Мээрим",
    ),
    "ru": (
        "Волга", "Урал", "Сибирь", "Восток", "Заря", "Русь", "Кама", "Ока", "Прогресс", "Стандарт", "Гарант",
        "Вектор", "Меридиан", "Альянс", "Северный", "Южный", "Исток", "Радуга",
    ),
    "uz": (
        "Oltin", "Nur", "Baraka", "Yulduz", "Kamolot", "Ipak Yoʻli", "Sharq", "Umid", "Saodat", "Zamin", "Tong",
        "Bunyodkor", "Oltin Vodiy", "Zarafshon", "Boʻston", "Gulbahor", "Mehnat", "Istiqlol",
    ),
    "tg": (
        "Сомон", "Зарафшон", "Ориён", "Нур", "Ситора", "Бахт", "Ватан", "Хуршед", "Орзу", "Гулистон", "Симурғ",
        "Помир", "Баракат", "Тоҷ", "Меҳр", "Ҳилол",
    ),
    "tk": (
        "Altyn", "Ak Ýol", "Bereket", "Nur", "Ýyldyz", "Parahat", "Rowaç", "Galkynyş", "Ylham", "Arzuw",
        "Dowamat", "Berkarar", "Miras", "Ýaşyl Ýurt", "Gündogar", "Merw",
    ),
    "az": (
        "Qızıl", "Nur", "Xəzər", "Qafqaz", "Araz", "Kür", "Günəş", "Ulduz", "Bərəkət", "Vətən", "Yaşıl Vadi",
        "Mərcan", "Şəfəq", "Aran",
    ),
    "tr": (
        "Anadolu", "Ege", "Toros", "Yıldız", "Kardeşler", "Öz", "Aslan", "Doğan", "Kuzey", "Başak", "Altın",
        "Güneş", "Akdeniz", "İpekyolu", "Karadeniz", "Birlik",
    ),
    "ge": (
        "Kolkheti", "Iberia", "Mtkvari", "Rioni", "Alazani", "Argo", "Kartli", "Imeri", "Samgori", "Javakheti",
        "Lazika",
    ),
    "ir": (
        "Pars", "Arya", "Kaveh", "Sepahan", "Toos", "Alborz", "Kavir", "Dena", "Zagros", "Behin", "Arvand",
        "Sahand", "Damavand",
    ),
}  # fmt: skip

# Chinese trade names (字号) with their pinyin, as the English name spells them.
ZH_STEMS: tuple[tuple[str, str], ...] = (
    ("金丰", "Jinfeng"), ("鑫源", "Xinyuan"), ("恒通", "Hengtong"), ("宏达", "Hongda"), ("瑞丰", "Ruifeng"),
    ("丝路", "Silu"), ("昆仑", "Kunlun"), ("中亚", "Zhongya"), ("西域", "Xiyu"), ("博达", "Boda"),
    ("永盛", "Yongsheng"), ("同创", "Tongchuang"), ("天润", "Tianrun"), ("华兴", "Huaxing"), ("长兴", "Changxing"),
)  # fmt: skip

# Chinese industry words (行业) with the English word the company's English name uses.
ZH_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "cement": (("水泥", "Cement"),),
    "building": (("建材", "Building Materials"), ("玻璃", "Glass"), ("陶瓷", "Ceramics")),
    "grain": (("面粉", "Flour"), ("粮油", "Grain and Oil")),
    "textile": (("纺织", "Textile"), ("棉业", "Cotton"), ("服装", "Garment")),
    "chemicals": (("化工", "Chemical"), ("化肥", "Fertilizer")),
    "metals": (("金属", "Metal"), ("冶金", "Metallurgy"), ("铝业", "Aluminium")),
    "fruit": (("果业", "Fruit"), ("农业", "Agriculture")),
    "dairy": (("乳业", "Dairy"),),
    "meat": (("肉业", "Meat"), ("食品", "Food")),
    "food": (("食品", "Food"), ("油脂", "Oils and Fats")),
    "leather": (("皮革", "Leather"),),
    "beverages": (("饮料", "Beverage"),),
}

# Product words for names, by product group and language ("en" serves Georgia and Iran).
GROUP_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "cement": {
        "ru": ("Цемент",), "kk": ("Цемент",), "ky": ("Цемент",), "uz": ("Sement",), "tg": ("Семент",),
        "tk": ("Sement",), "en": ("Cement",), "az": ("Sement",), "tr": ("Çimento",),
    },
    "building": {
        "ru": ("Стройматериалы", "Кирпич", "Стекло"), "kk": ("Құрылыс", "Кірпіш"), "ky": ("Курулуш", "Кыш"),
        "uz": ("Qurilish", "Gʻisht", "Shisha"), "tg": ("Сохтмон", "Хишт"), "tk": ("Gurluşyk", "Kerpiç"),
        "en": ("Building Materials", "Glass"), "az": ("Tikinti", "Kərpic"),
        "tr": ("Yapı", "Cam", "Tuğla"),
    },
    "grain": {
        "ru": ("Зерно", "Мелькомбинат"), "kk": ("Ұн", "Астық", "Диірмен"), "ky": ("Ун", "Дан"),
        "uz": ("Don", "Un", "Tegirmon"), "tg": ("Орд", "Ғалла"), "tk": ("Un", "Galla"),
        "en": ("Flour", "Grain"), "az": ("Un", "Taxıl"), "tr": ("Un", "Değirmencilik"),
    },
    "textile": {
        "ru": ("Текстиль", "Хлопок"), "kk": ("Тоқыма", "Мақта"), "ky": ("Текстиль", "Пахта"),
        "uz": ("Tekstil", "Paxta", "Toʻqimachi"), "tg": ("Пахта", "Нассоҷӣ"), "tk": ("Dokma", "Pagta"),
        "en": ("Textile", "Cotton"), "az": ("Tekstil", "Pambıq"), "tr": ("Tekstil", "Pamuk"),
    },
    "chemicals": {
        "ru": ("Азот", "Химпром"), "kk": ("Химия", "Тыңайтқыш"), "ky": ("Химия",), "uz": ("Kimyo", "Azot", "Oʻgʻit"),
        "tg": ("Кимиё", "Азот"), "tk": ("Himiýa", "Azot", "Dökün"),
        "en": ("Chemicals", "Fertilizer"), "az": ("Kimya", "Azot"), "tr": ("Kimya", "Gübre"),
    },
    "metals": {
        "ru": ("Металл", "Ферросплав"), "kk": ("Металл", "Мыс", "Балқыту"), "ky": ("Металл", "Кен"),
        "uz": ("Metall", "Mis"), "tg": ("Металл", "Алюминий"), "tk": ("Metal",),
        "en": ("Metals", "Alloys"), "az": ("Metal", "Alüminium"), "tr": ("Metal", "Döküm"),
    },
    "fruit": {
        "ru": ("Агро", "Фрукт", "Сад"), "kk": ("Агро", "Бақ", "Жеміс"), "ky": ("Агро", "Бак", "Жемиш"),
        "uz": ("Agro", "Meva", "Bogʻ"), "tg": ("Агро", "Мева", "Боғ"), "tk": ("Agro", "Miwe", "Bag"),
        "en": ("Agro", "Fruit"), "az": ("Aqro", "Meyvə", "Bağ"), "tr": ("Tarım", "Meyve"),
    },
    "dairy": {
        "ru": ("Молоко", "Молочный Двор"), "kk": ("Сүт",), "ky": ("Сүт",), "uz": ("Sut",), "tg": ("Шир",),
        "tk": ("Süýt",), "en": ("Dairy",), "az": ("Süd",), "tr": ("Süt",),
    },
    "meat": {
        "ru": ("Мясокомбинат", "Мясо"), "kk": ("Ет",), "ky": ("Эт",), "uz": ("Goʻsht",), "tg": ("Гӯшт",),
        "tk": ("Et",), "en": ("Meat",), "az": ("Ət",), "tr": ("Et",),
    },
    "food": {
        "ru": ("Продукт", "Масло", "Сахар"), "kk": ("Азық", "Май", "Қант"), "ky": ("Азык", "Май", "Кант"),
        "uz": ("Oziq-ovqat", "Yogʻ", "Shakar"), "tg": ("Ғизо", "Равған", "Қанд"), "tk": ("Azyk", "Ýag", "Şeker"),
        "en": ("Foods", "Oil"), "az": ("Qida", "Yağ"), "tr": ("Gıda", "Yağ"),
    },
    "leather": {
        "ru": ("Кожа",), "kk": ("Былғары", "Тері"), "ky": ("Тери",), "uz": ("Charm",), "tg": ("Чарм",),
        "tk": ("Deri",), "en": ("Leather",), "az": ("Dəri",), "tr": ("Deri",),
    },
    "beverages": {
        "ru": ("Напитки", "Сок"), "kk": ("Сусын", "Шырын"), "ky": ("Суусундук",), "uz": ("Ichimlik", "Sharbat"),
        "tg": ("Нӯшокӣ", "Шарбат"), "tk": ("Içgi", "Şire"), "en": ("Beverages",),
        "az": ("İçki", "Şirə"), "tr": ("İçecek", "Meyve Suyu"),
    },
}  # fmt: skip

# Soviet-style compound names, written as one word: Шымкентцемент, Павлодархимпром, Карагандатекстиль.
RU_COMPOUNDS: dict[str, str] = {
    "cement": "цемент",
    "building": "строй",
    "textile": "текстиль",
    "chemicals": "химпром",
    "metals": "металл",
    "meat": "мясо",
    "dairy": "молоко",
    "grain": "зерно",
}

# Suffixes of Russian-language trade names: «Береке-Агро», «Нур Строй».
RU_SUFFIXES: dict[str, tuple[str, ...]] = {
    "cement": ("Строй", "Пром"),
    "building": ("Строй", "Пром", "Строй Групп"),
    "grain": ("Агро", "Трейд", "Фуд"),
    "textile": ("Текстиль", "Трейд"),
    "chemicals": ("Хим", "Пром"),
    "metals": ("Металл", "Пром", "Инвест"),
    "fruit": ("Агро", "Фрукт", "Трейд"),
    "dairy": ("Агро", "Фуд"),
    "meat": ("Агро", "Фуд"),
    "food": ("Фуд", "Трейд"),
    "leather": ("Трейд", "Пром"),
    "beverages": ("Фуд", "Трейд"),
}

_UZ_TO_CYRL = {
    "yoʻ": "йў", "oʻ": "ў", "gʻ": "ғ", "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е",
    "ts": "ц", "ʼ": "ъ", "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с",
    "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
}  # fmt: skip
_UZ_TOKEN = re.compile("|".join(sorted(map(re.escape, _UZ_TO_CYRL), key=len, reverse=True)), re.IGNORECASE)


def _uz_token(match: re.Match[str]) -> str:
    token = match.group(0)
    lower = token.lower()
    out = _UZ_TO_CYRL[lower]
    start = match.start()
    if lower == "e" and (start == 0 or not match.string[start - 1].isalpha()):
        out = "э"  # word-initial e is э in Uzbek Cyrillic
    if token[0].isupper():
        out = out.upper() if len(token) > 1 and token.isupper() else out[0].upper() + out[1:]
    return out


def uz_cyrillic(text: str) -> str:
    """Uzbek Latin → Uzbek Cyrillic (``Toshkent Tekstil`` → ``Тошкент Текстил``, ``Qoʻqon`` → ``Қўқон``)."""
    return _UZ_TOKEN.sub(_uz_token, text)


_CYRL_TO_ASCII = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
        "һ": "h", "і": "i", "ҷ": "j", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ў": "o", "ə": "e", "ı": "i", "ʻ": "", "ʼ": "",
        "'": "",
    }
)  # fmt: skip


def ascii_slug(text: str, max_length: int = 40) -> str:
    """``Шымкентцемент`` → ``shymkenttsement``; ``Oltin Meva`` → ``oltin-meva``: a made-up host name label."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_CYRL_TO_ASCII))
    ascii_text = folded.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-") or "producer"
