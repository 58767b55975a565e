"""Real cities of the eleven registry countries, for generated producers' sites, and addresses in the local style.

Coordinates: GeoNames / Wikipedia city centres, rounded to 0.01°. Region codes: ISO 3166-2 as in pycountry
(each one checked by ``tests/unit/demo/test_generator.py``). Street names are common real street names of the
country (poets, heroes, "Industrial street"), never a real producer's address.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from cagateway.demo.words import uz_cyrillic

__all__ = ["CITIES", "City", "address", "cities_of", "jitter"]


@dataclass(frozen=True)
class City:
    """A city as each register writes it: ``name`` in the country's main language, ``name_ru`` in Russian."""

    country: str
    region: str  # ISO 3166-2
    name: str
    name_ru: str
    latin: str
    lat: float
    lon: float
    weight: int  # relative share of generated producers (roughly the city's economic weight)
    province: str = ""  # China: the province as company names write it (新疆, 陕西, ...)
    province_latin: str = ""


C = City
CITIES: tuple[City, ...] = (
    # Kazakhstan: name in Kazakh, name_ru in Russian
    C("KZ", "KZ-71", "Астана", "Астана", "Astana", 51.17, 71.45, 10),
    C("KZ", "KZ-75", "Алматы", "Алматы", "Almaty", 43.24, 76.95, 12),
    C("KZ", "KZ-79", "Шымкент", "Шымкент", "Shymkent", 42.32, 69.60, 9),
    C("KZ", "KZ-35", "Қарағанды", "Караганда", "Karaganda", 49.80, 73.10, 6),
    C("KZ", "KZ-35", "Теміртау", "Темиртау", "Temirtau", 50.05, 72.96, 3),
    C("KZ", "KZ-15", "Ақтөбе", "Актобе", "Aktobe", 50.28, 57.17, 5),
    C("KZ", "KZ-31", "Тараз", "Тараз", "Taraz", 42.90, 71.37, 4),
    C("KZ", "KZ-55", "Павлодар", "Павлодар", "Pavlodar", 52.29, 76.97, 5),
    C("KZ", "KZ-55", "Екібастұз", "Экибастуз", "Ekibastuz", 51.72, 75.32, 2),
    C("KZ", "KZ-63", "Өскемен", "Усть-Каменогорск", "Oskemen", 49.95, 82.61, 5),
    C("KZ", "KZ-10", "Семей", "Семей", "Semey", 50.41, 80.23, 3),
    C("KZ", "KZ-39", "Қостанай", "Костанай", "Kostanay", 53.21, 63.63, 5),
    C("KZ", "KZ-43", "Қызылорда", "Кызылорда", "Kyzylorda", 44.85, 65.51, 3),
    C("KZ", "KZ-23", "Атырау", "Атырау", "Atyrau", 47.11, 51.88, 3),
    C("KZ", "KZ-47", "Ақтау", "Актау", "Aktau", 43.65, 51.17, 2),
    C("KZ", "KZ-27", "Орал", "Уральск", "Oral", 51.23, 51.37, 3),
    C("KZ", "KZ-61", "Түркістан", "Туркестан", "Turkistan", 43.30, 68.25, 3),
    C("KZ", "KZ-59", "Петропавл", "Петропавловск", "Petropavl", 54.87, 69.15, 3),
    C("KZ", "KZ-33", "Талдықорған", "Талдыкорган", "Taldykorgan", 45.02, 78.37, 2),
    C("KZ", "KZ-62", "Жезқазған", "Жезказган", "Zhezkazgan", 47.78, 67.71, 1),
    # Uzbekistan: name in Uzbek Latin (oʻ, gʻ with U+02BB), name_ru in Russian
    C("UZ", "UZ-TK", "Toshkent", "Ташкент", "Tashkent", 41.31, 69.28, 14),
    C("UZ", "UZ-TO", "Chirchiq", "Чирчик", "Chirchiq", 41.47, 69.58, 3),
    C("UZ", "UZ-TO", "Olmaliq", "Алмалык", "Olmaliq", 40.85, 69.60, 3),
    C("UZ", "UZ-TO", "Angren", "Ангрен", "Angren", 41.02, 70.14, 2),
    C("UZ", "UZ-SA", "Samarqand", "Самарканд", "Samarkand", 39.65, 66.96, 6),
    C("UZ", "UZ-BU", "Buxoro", "Бухара", "Bukhara", 39.77, 64.42, 4),
    C("UZ", "UZ-FA", "Fargʻona", "Фергана", "Fergana", 40.38, 71.78, 5),
    C("UZ", "UZ-FA", "Qoʻqon", "Коканд", "Kokand", 40.53, 70.94, 3),
    C("UZ", "UZ-FA", "Margʻilon", "Маргилан", "Margilan", 40.47, 71.72, 2),
    C("UZ", "UZ-AN", "Andijon", "Андижан", "Andijan", 40.78, 72.34, 5),
    C("UZ", "UZ-NG", "Namangan", "Наманган", "Namangan", 41.00, 71.67, 5),
    C("UZ", "UZ-NW", "Navoiy", "Навои", "Navoiy", 40.10, 65.38, 3),
    C("UZ", "UZ-QA", "Qarshi", "Карши", "Karshi", 38.86, 65.79, 3),
    C("UZ", "UZ-QR", "Nukus", "Нукус", "Nukus", 42.46, 59.60, 2),
    C("UZ", "UZ-XO", "Urganch", "Ургенч", "Urgench", 41.55, 60.63, 2),
    C("UZ", "UZ-JI", "Jizzax", "Джизак", "Jizzakh", 40.12, 67.84, 2),
    C("UZ", "UZ-SI", "Guliston", "Гулистан", "Gulistan", 40.49, 68.78, 2),
    C("UZ", "UZ-SU", "Termiz", "Термез", "Termez", 37.22, 67.28, 2),
    # Kyrgyzstan: name in Kyrgyz, name_ru in Russian
    C("KG", "KG-GB", "Бишкек", "Бишкек", "Bishkek", 42.87, 74.59, 14),
    C("KG", "KG-GO", "Ош", "Ош", "Osh", 40.53, 72.80, 6),
    C("KG", "KG-J", "Жалал-Абад", "Джалал-Абад", "Jalal-Abad", 40.93, 73.00, 3),
    C("KG", "KG-Y", "Каракол", "Каракол", "Karakol", 42.49, 78.39, 2),
    C("KG", "KG-C", "Токмок", "Токмак", "Tokmok", 42.84, 75.29, 2),
    C("KG", "KG-C", "Кара-Балта", "Кара-Балта", "Kara-Balta", 42.81, 73.85, 2),
    C("KG", "KG-C", "Кант", "Кант", "Kant", 42.89, 74.85, 2),
    C("KG", "KG-N", "Нарын", "Нарын", "Naryn", 41.43, 75.99, 1),
    C("KG", "KG-T", "Талас", "Талас", "Talas", 42.52, 72.24, 1),
    C("KG", "KG-B", "Баткен", "Баткен", "Batken", 40.06, 70.82, 1),
    # Tajikistan: name in Tajik, name_ru in Russian
    C("TJ", "TJ-DU", "Душанбе", "Душанбе", "Dushanbe", 38.56, 68.79, 12),
    C("TJ", "TJ-SU", "Хуҷанд", "Худжанд", "Khujand", 40.28, 69.62, 6),
    C("TJ", "TJ-SU", "Истаравшан", "Истаравшан", "Istaravshan", 39.91, 69.00, 2),
    C("TJ", "TJ-SU", "Панҷакент", "Пенджикент", "Panjakent", 39.49, 67.61, 2),
    C("TJ", "TJ-SU", "Исфара", "Исфара", "Isfara", 40.13, 70.63, 2),
    C("TJ", "TJ-KT", "Кӯлоб", "Куляб", "Kulob", 37.91, 69.78, 3),
    C("TJ", "TJ-KT", "Бохтар", "Бохтар", "Bokhtar", 37.84, 68.78, 3),
    C("TJ", "TJ-RA", "Турсунзода", "Турсунзаде", "Tursunzoda", 38.51, 68.23, 2),
    C("TJ", "TJ-RA", "Ваҳдат", "Вахдат", "Vahdat", 38.56, 69.02, 2),
    # Turkmenistan: name in Turkmen Latin, name_ru in Russian
    C("TM", "TM-S", "Aşgabat", "Ашхабад", "Ashgabat", 37.95, 58.38, 12),
    C("TM", "TM-B", "Türkmenbaşy", "Туркменбаши", "Turkmenbashi", 40.02, 52.97, 3),
    C("TM", "TM-B", "Balkanabat", "Балканабад", "Balkanabat", 39.51, 54.37, 2),
    C("TM", "TM-D", "Daşoguz", "Дашогуз", "Dashoguz", 41.84, 59.97, 3),
    C("TM", "TM-L", "Türkmenabat", "Туркменабад", "Turkmenabat", 39.07, 63.58, 4),
    C("TM", "TM-M", "Mary", "Мары", "Mary", 37.60, 61.83, 4),
    C("TM", "TM-M", "Baýramaly", "Байрамали", "Bayramaly", 37.62, 62.16, 1),
    C("TM", "TM-A", "Tejen", "Теджен", "Tejen", 37.38, 60.51, 1),
    # Russia
    C("RU", "RU-MOW", "Москва", "Москва", "Moscow", 55.76, 37.62, 10),
    C("RU", "RU-SPE", "Санкт-Петербург", "Санкт-Петербург", "Saint Petersburg", 59.94, 30.31, 5),
    C("RU", "RU-NVS", "Новосибирск", "Новосибирск", "Novosibirsk", 55.03, 82.92, 4),
    C("RU", "RU-SVE", "Екатеринбург", "Екатеринбург", "Yekaterinburg", 56.84, 60.61, 4),
    C("RU", "RU-CHE", "Челябинск", "Челябинск", "Chelyabinsk", 55.16, 61.40, 4),
    C("RU", "RU-OMS", "Омск", "Омск", "Omsk", 54.99, 73.37, 3),
    C("RU", "RU-ORE", "Оренбург", "Оренбург", "Orenburg", 51.77, 55.10, 3),
    C("RU", "RU-SAM", "Самара", "Самара", "Samara", 53.20, 50.15, 3),
    C("RU", "RU-AST", "Астрахань", "Астрахань", "Astrakhan", 46.35, 48.04, 2),
    C("RU", "RU-ALT", "Барнаул", "Барнаул", "Barnaul", 53.35, 83.78, 3),
    # China: name in Chinese, with the province as company names write it
    C("CN", "CN-XJ", "乌鲁木齐", "Урумчи", "Urumqi", 43.83, 87.62, 8, "新疆", "Xinjiang"),
    C("CN", "CN-XJ", "喀什", "Кашгар", "Kashgar", 39.47, 75.99, 3, "新疆", "Xinjiang"),
    C("CN", "CN-XJ", "伊宁", "Инин", "Yining", 43.91, 81.28, 2, "新疆", "Xinjiang"),
    C("CN", "CN-XJ", "霍尔果斯", "Хоргос", "Khorgos", 44.21, 80.42, 2, "新疆", "Xinjiang"),
    C("CN", "CN-SN", "西安", "Сиань", "Xi'an", 34.34, 108.94, 5, "陕西", "Shaanxi"),
    C("CN", "CN-GS", "兰州", "Ланьчжоу", "Lanzhou", 36.06, 103.83, 3, "甘肃", "Gansu"),
    C("CN", "CN-HA", "郑州", "Чжэнчжоу", "Zhengzhou", 34.75, 113.63, 3, "河南", "Henan"),
    C("CN", "CN-ZJ", "义乌", "Иу", "Yiwu", 29.31, 120.07, 3, "浙江", "Zhejiang"),
    C("CN", "CN-JS", "连云港", "Ляньюньган", "Lianyungang", 34.60, 119.22, 2, "江苏", "Jiangsu"),
    C("CN", "CN-CQ", "重庆", "Чунцин", "Chongqing", 29.56, 106.55, 3, "重庆", "Chongqing"),
    # Azerbaijan
    C("AZ", "AZ-BA", "Bakı", "Баку", "Baku", 40.41, 49.87, 10),
    C("AZ", "AZ-SM", "Sumqayıt", "Сумгаит", "Sumgait", 40.59, 49.67, 3),
    C("AZ", "AZ-GA", "Gəncə", "Гянджа", "Ganja", 40.68, 46.36, 3),
    C("AZ", "AZ-MI", "Mingəçevir", "Мингечевир", "Mingachevir", 40.76, 47.06, 1),
    C("AZ", "AZ-LA", "Lənkəran", "Ленкорань", "Lankaran", 38.75, 48.85, 2),
    C("AZ", "AZ-SA", "Şəki", "Шеки", "Shaki", 41.19, 47.17, 1),
    # Georgia
    C("GE", "GE-TB", "Tbilisi", "Тбилиси", "Tbilisi", 41.72, 44.79, 10),
    C("GE", "GE-IM", "Kutaisi", "Кутаиси", "Kutaisi", 42.27, 42.70, 3),
    C("GE", "GE-IM", "Zestaponi", "Зестафони", "Zestaponi", 42.11, 43.05, 1),
    C("GE", "GE-AJ", "Batumi", "Батуми", "Batumi", 41.64, 41.64, 3),
    C("GE", "GE-KK", "Rustavi", "Рустави", "Rustavi", 41.55, 45.00, 2),
    C("GE", "GE-SZ", "Poti", "Поти", "Poti", 42.15, 41.67, 1),
    # Turkey
    C("TR", "TR-34", "İstanbul", "Стамбул", "Istanbul", 41.01, 28.98, 10),
    C("TR", "TR-06", "Ankara", "Анкара", "Ankara", 39.93, 32.86, 5),
    C("TR", "TR-35", "İzmir", "Измир", "Izmir", 38.42, 27.14, 4),
    C("TR", "TR-16", "Bursa", "Бурса", "Bursa", 40.19, 29.06, 4),
    C("TR", "TR-42", "Konya", "Конья", "Konya", 37.87, 32.48, 3),
    C("TR", "TR-27", "Gaziantep", "Газиантеп", "Gaziantep", 37.07, 37.38, 3),
    C("TR", "TR-38", "Kayseri", "Кайсери", "Kayseri", 38.73, 35.49, 2),
    C("TR", "TR-20", "Denizli", "Денизли", "Denizli", 37.78, 29.09, 2),
    C("TR", "TR-33", "Mersin", "Мерсин", "Mersin", 36.81, 34.64, 2),
    C("TR", "TR-36", "Kars", "Карс", "Kars", 40.60, 43.10, 1),
    # Iran (English, as its exporters write for foreign buyers)
    C("IR", "IR-23", "Tehran", "Тегеран", "Tehran", 35.69, 51.39, 10),
    C("IR", "IR-09", "Mashhad", "Мешхед", "Mashhad", 36.30, 59.60, 5),
    C("IR", "IR-03", "Tabriz", "Тебриз", "Tabriz", 38.08, 46.29, 4),
    C("IR", "IR-10", "Isfahan", "Исфахан", "Isfahan", 32.65, 51.67, 4),
    C("IR", "IR-07", "Shiraz", "Шираз", "Shiraz", 29.59, 52.58, 3),
    C("IR", "IR-27", "Gorgan", "Горган", "Gorgan", 36.84, 54.43, 2),
    C("IR", "IR-22", "Bandar Abbas", "Бендер-Аббас", "Bandar Abbas", 27.18, 56.27, 2),
)


def cities_of(country: str) -> tuple[City, ...]:
    return tuple(c for c in CITIES if c.country == country)


def jitter(rng: random.Random, city: City, km: float = 5.0) -> tuple[float, float]:
    """A point within about ``km`` of the city centre (industrial sites sit on the outskirts)."""
    deg = km / 111.0
    return round(city.lat + rng.uniform(-deg, deg), 5), round(city.lon + rng.uniform(-deg, deg) * 1.3, 5)


STREETS: dict[str, tuple[str, ...]] = {
    "kk": ("Абай", "Төле би", "Сейфуллин", "Желтоқсан", "Достық", "Райымбек", "Өнеркәсіп", "Индустриялық"),
    "ru": ("Промышленная", "Заводская", "Индустриальная", "Садовая", "Центральная", "Мира", "Строителей"),
    "ky": ("Чүй", "Манас", "Токтогул", "Ибраимов", "Жибек Жолу", "Ахунбаев", "Өнөр жай"),
    "uz": ("Amir Temur", "Mustaqillik", "Alisher Navoiy", "Bobur", "Mirzo Ulugʻbek", "Sanoat", "Istiqlol"),
    "tg": ("Рӯдакӣ", "Исмоили Сомонӣ", "Айнӣ", "Фирдавсӣ", "Шоҳтемур", "Саноатӣ"),
    "tk": ("Magtymguly", "Atatürk", "Oguzhan", "Garaşsyzlyk", "Bitarap Türkmenistan", "Senagat"),
    "zh": ("建设", "人民", "解放", "工业", "友谊", "和平", "长江", "北京"),
    "az": ("Nizami", "Füzuli", "Səməd Vurğun", "Azadlıq", "Sənaye", "Xətai"),
    "tr": ("Atatürk", "Cumhuriyet", "İstiklal", "Sanayi", "Fatih", "Mevlana"),
    "en-GE": ("Rustaveli", "Chavchavadze", "Tsereteli", "Agmashenebeli", "Kostava", "Industrial"),
    "en-IR": ("Azadi", "Enghelab", "Valiasr", "Ferdowsi", "Imam Khomeini", "Industrial"),
}


def _kk(city: City, street: str, no: int) -> str:
    return f"{city.name} қ., {street} көшесі, {no}"


def _ru(city: City, street: str, no: int) -> str:
    return f"г. {city.name_ru}, ул. {street}, д. {no}"


def _ky(city: City, street: str, no: int) -> str:
    return f"{city.name} ш., {street} көчөсү, {no}"


def _uz(city: City, street: str, no: int) -> str:
    return f"{city.name} shahri, {street} koʻchasi, {no}-uy"


def _tg(city: City, street: str, no: int) -> str:
    return f"ш. {city.name}, кӯчаи {street}, {no}"


def _tk(city: City, street: str, no: int) -> str:
    return f"{city.name} ş., {street} köçesi, {no}"


def _zh(city: City, street: str, no: int) -> str:
    province = "" if city.province == city.name else city.province
    return f"{province}{city.name}市{street}路{no}号"


def _az(city: City, street: str, no: int) -> str:
    return f"{city.name} şəhəri, {street} küçəsi {no}"


def _tr(city: City, street: str, no: int) -> str:
    return f"{street} Cad. No: {no}, {city.name}" if no % 3 else f"Organize Sanayi Bölgesi {no}. Cadde, {city.name}"


def _en(city: City, street: str, no: int) -> str:
    return f"{no} {street} St, {city.name}"


_WRITERS: dict[str, Callable[[City, str, int], str]] = {
    "kk": _kk,
    "ru": _ru,
    "ky": _ky,
    "uz": _uz,
    "tg": _tg,
    "tk": _tk,
    "zh": _zh,
    "az": _az,
    "tr": _tr,
    "en": _en,
}


def address(rng: random.Random, city: City, lang: str, script: str = "") -> str:
    """A street address in ``city`` written the way ``lang``'s registers write it (Uzbek also in Cyrillic)."""
    street = rng.choice(STREETS.get(f"{lang}-{city.country}") or STREETS[lang])
    text = _WRITERS[lang](city, street, rng.randint(1, 250))
    return uz_cyrillic(text) if lang == "uz" and script == "Cyrl" else text
