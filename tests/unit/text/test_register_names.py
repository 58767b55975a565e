"""Name keys of register-style names from across the region, in every script they come in.

The expected keys were worked out by hand from the rules in ``cagateway.text.keys``: legal form off, simple
Russian-style romanisation of Cyrillic, folding, the phonetic skeleton (zh/dzh→j, kh→h, q→k, gh→g, ts→s,
c→s before e/i/y else k, x→ks (uz: x→kh→h), ng→n, ye-→e, y after a vowel→i, doubled letters once), generic
words dropped, tokens sorted. Rows marked "differs" are pairs the key does not bring together, on purpose.
"""

from __future__ import annotations

import pytest

from cagateway.text import name_key

REGISTER_NAMES: list[tuple[str, str, str]] = [
    # Kazakhstan: Russian- and Kazakh-style, Latin from international lists
    ("ТОО «Шымкентцемент»", "KZ", "shymkentsement"),
    ("«Шымкентцемент» ЖШС", "KZ", "shymkentsement"),
    ("Shymkentcement JSC", "KZ", "shymkentsement"),
    ("«Оңтүстік Цемент» ЖШС", "KZ", "ontustik sement"),
    ("ТОО «Оңтүстік Цемент»", "KZ", "ontustik sement"),
    ("Ontustik Cement LLP", "KZ", "ontustik sement"),
    ('"ONTUSTIK CEMENT" TOO', "KZ", "ontustik sement"),
    ("АО «Қазақстан темір жолы»", "KZ", "joly kazakstan temir"),
    ("Qazaqstan Temir Zholy JSC", "KZ", "joly kazakstan temir"),
    ("ТОО «Талдықорған Құрылыс»", "KZ", "kurylys taldykorgan"),
    ("Taldykorgan Kurylys LLP", "KZ", "kurylys taldykorgan"),
    ("Taldyqorghan Qurylys ZhShS", "KZ", "kurylys taldykorgan"),
    ("«Өскемен Металл» ЖШС", "KZ", "metal oskemen"),
    ("Oskemen Metall LLP", "KZ", "metal oskemen"),
    ("ЖК «Ахметов Б.К.»", "KZ", "ahmetov b k"),
    ("ИП Сейткали Ержан", "KZ", "erjan seitkali"),
    ("АО «Алюминий Казахстана»", "KZ", "alyumini kazahstana"),
    ("Aluminium of Kazakhstan JSC", "KZ", "aluminium kazahstan"),  # differs: a translation, not a spelling
    ("ТОО «Ақжайық Агро»", "KZ", "agro akjaiyk"),
    ("Aqzhayyq Agro LLP", "KZ", "agro akjaiyk"),
    ("«Қарағанды Көмір» ЖШС", "KZ", "karagandy komir"),
    ("Karaganda Komir LLP", "KZ", "karaganda komir"),  # differs: the Russian name of the city
    ("ТОО «Павлодарский нефтехимический завод»", "KZ", "neftehimicheski pavlodarski"),
    ("ГКП на ПХВ «Алматы Су»", "KZ", "almaty su"),
    ("РГП «Казгидромет»", "KZ", "kazgidromet"),
    ("КХ «Бақыт»", "KZ", "bakyt"),
    ("ТОО «Евразийская Группа»", "KZ", "evraziskaia grupa"),
    ("ТОО «Хлебокомбинат Астана»", "KZ", "astana hlebokombinat"),
    ("ТОО «Ерлан и К»", "KZ", "erlan k"),
    ("ТОО «Цементный завод Семей»", "KZ", "semei sementny"),
    ("Semei Cement Plant LLP", "KZ", "semei sement"),  # differs: "цементный" is an adjective
    ("ТОО «Кокшетауминводы»", "KZ", "kokshetauminvody"),
    ("«Жезқазған Мыс» ЖШС", "KZ", "jezkazgan mys"),
    ("Zhezkazgan Mys LLP", "KZ", "jezkazgan mys"),
    ("«Әл-Фараби Фарм» ЖШС", "KZ", "al farabi farm"),
    ("Al-Farabi Farm LLP", "KZ", "al farabi farm"),
    ("ТОО «Үштөбе Нан»", "KZ", "nan ushtobe"),
    ("ТОО «Щучинский МДФ»", "KZ", "mdf shuchinski"),
    ("ТОО «Maker Steel»", "KZ", "maker stel"),
    ("Kazakhmys Copper LLP", "KZ", "kazahmys koper"),
    ("ERG Eurasian Resources Group", "KZ", "erg eurasian group resourses"),
    ("Caspian Pipeline Company", "KZ", "kaspian pipeline"),
    ("Central Asia Cement JSC", "KZ", "asia sement sentral"),
    ("«Центральноазиатский цемент» АО", "KZ", "sement sentralnoaziaski"),
    ("Shymkent Chemical Company LLP", "KZ", "chemikal shymkent"),
    ("ТОО «Шымкент Химия Компания»", "KZ", "himia shymkent"),
    # Kyrgyzstan
    ("ОсОО «Кыргыз Күмүш»", "KG", "kumush kyrgyz"),
    ("Kyrgyz Kumush LLC", "KG", "kumush kyrgyz"),
    ("ОАО «Кыргызтелеком»", "KG", "kyrgyztelekom"),
    ("ЗАО «Ала-Тоо Цемент»", "KG", "ala sement to"),
    ("ЖЧК «Жалал-Абад Жибек»", "KG", "abad jalal jibek"),
    ("Jalal-Abad Jibek LLC", "KG", "abad jalal jibek"),
    ("ОсОО «Ысык-Көл Балык»", "KG", "balyk kol ysyk"),
    ("Issyk-Kul Balyk LLC", "KG", "balyk isyk kul"),  # differs: the Russian-style name of the lake
    ("ОАО «Кантский цементный завод»", "KG", "kanski sementny"),
    ("ИП Асанов Бакыт", "KG", "asanov bakyt"),
    ("ОсОО «Нарын Гидро»", "KG", "gidro naryn"),
    ("ОсОО «Бишкек Сүт»", "KG", "bishkek sut"),
    ("Kumtor Gold Company CJSC", "KG", "gold kumtor"),
    ("ЗАО «Кумтор Голд Компани»", "KG", "gold kumtor"),
    # Uzbekistan: official Latin with every apostrophe style, and Cyrillic
    ("«Toshkent Tekstil» MChJ", "UZ", "tekstil toshkent"),
    ("Toshkent Tekstil MChJ", "UZ", "tekstil toshkent"),
    ("«Тошкент Текстил» МЧЖ", "UZ", "tekstil toshkent"),
    ("Oʻzbekiston temir yoʻllari AJ", "UZ", "ozbekiston temir yolari"),
    ("O'zbekiston Temir Yo'llari AJ", "UZ", "ozbekiston temir yolari"),
    ("O‘zbekiston temir yo‘llari", "UZ", "ozbekiston temir yolari"),
    ("«Ўзбекистон темир йўллари» АЖ", "UZ", "ozbekiston temir yolari"),
    ("«Qizilqumsement» AJ", "UZ", "kizilkumsement"),
    ("«Қизилқумцемент» АЖ", "UZ", "kizilkumsement"),
    ("Olmaliq KMK AJ", "UZ", "kmk olmalik"),
    ("«Олмалиқ КМК» АЖ", "UZ", "kmk olmalik"),
    ("Navoiy kon-metallurgiya kombinati DUK", "UZ", "kon metalurgia navoi"),
    ("«Навоий кон-металлургия комбинати» ДУК", "UZ", "kon metalurgia navoi"),
    ("Xorazm Shakar MChJ", "UZ", "horazm shakar"),
    ("«Хоразм Шакар» МЧЖ", "UZ", "horazm shakar"),
    ("Gʻalaba Don XK", "UZ", "don galaba"),
    ("«Ғалаба Дон» МЧЖ", "UZ", "don galaba"),
    ("Farg'ona Azot AJ", "UZ", "azot fargona"),
    ("«Фарғона Азот» АЖ", "UZ", "azot fargona"),
    ("Samarqand Choy Qadoqlash fabrikasi MChJ", "UZ", "choi kadoklash samarkand"),
    ("Andijon Mash zavodi", "UZ", "andijon mash"),
    ("Yakka tartibdagi tadbirkor Rustamov Sherzod", "UZ", "rustamov sherzod"),
    ("YaTT Rustamova Dilnoza", "UZ", "dilnoza rustamova"),
    ("Buxoro neftni qayta ishlash zavodi", "UZ", "buhoro ishlash kaita neftni"),
    ("«Бухоро нефтни қайта ишлаш заводи» МЧЖ", "UZ", "buhoro ishlash kaita neftni"),
    ("O'zbekiston Respublikasi Markaziy banki", "UZ", "banki markazi ozbekiston respublikasi"),
    ("Yer Osti Suvlari MChJ", "UZ", "er osti suvlari"),
    ("«Ер ости сувлари» МЧЖ", "UZ", "er osti suvlari"),
    ("Tashkent Pipe Plant JSC", "UZ", "pipe tashkent"),
    # Tajikistan
    ("ҶДММ «Тоҷикистон Семент»", "TJ", "sement tojikiston"),
    ("ҶСК «Алюминийи Тоҷик»", "TJ", "alyumini tojik"),
    ("ҶДММ «Хуҷанд Нассоҷ»", "TJ", "hujand nasoj"),
    ("Khujand Nassoj LLC", "TJ", "hujand nasoj"),
    ("ҶДММ «Душанбе Шир»", "TJ", "dushanbe shir"),
    ("Dushanbe Shir LLC", "TJ", "dushanbe shir"),
    ("ҶДММ «Қӯрғонтеппа Пахта»", "TJ", "kurgontepa pahta"),
    ("ҶСК «Ғафуров Ғалла»", "TJ", "gafurov gala"),
    # Turkmenistan
    ("«Türkmen Ýüpek» HJ", "TM", "turkmen yupek"),
    ("Türkmenbaşy Nebit HJ", "TM", "nebit turkmenbashy"),
    ("«Туркменбашы Небит»", "TM", "nebit turkmenbashy"),
    ("Aşgabat Gurluşyk HJ", "TM", "ashgabat gurlushyk"),
    ("Balkan Çörek önümleri HJ", "TM", "balkan chorek onumleri"),
    # China
    ("新疆天山水泥股份有限公司", "CN", "ksinjiantianshanshuini"),
    ("中国建材集团有限公司", "CN", "jonguojiankaijituan"),
    ("Xinjiang Tianshan Cement Co., Ltd.", "CN", "ksinjian sement tianshan"),  # differs: no Han word boundaries
    # Azerbaijan and Turkey
    ("Azərbaycan Dəmir Yolları QSC", "AZ", "azerbaijan demir yolari"),
    ("Bakı Tikinti MMC", "AZ", "baki tikinti"),
    ("Sumqayıt Kimya Sənaye Parkı ASC", "AZ", "kimya parki senaie sumkait"),
    ("Gəncə Alüminium ASC", "AZ", "aluminium genje"),
    ("Akçansa Çimento A.Ş.", "TR", "akchansa chimento"),
    ("Şişecam Anonim Şirketi", "TR", "shishejam"),
    ("Ereğli Demir ve Çelik A.Ş.", "TR", "chelik demir eregli"),
    ("Türk Telekomünikasyon A.Ş.", "TR", "telekomunikasyon turk"),
    # Russia
    ("ПАО «Газпром»", "RU", "gazprom"),
    ("ООО «Газпром трансгаз Екатеринбург»", "RU", "ekaterinburg gazprom transgaz"),
    ("Gazprom Transgaz Yekaterinburg LLC", "RU", "ekaterinburg gazprom transgaz"),
    ("АО «Объединённая химическая компания»", "RU", "himicheskaia obedinenaia"),
    ("АО «Объединенная химическая компания»", "RU", "himicheskaia obedinenaia"),
    ("ООО «Ёлка»", "RU", "elka"),
    ("ИП Щербаков Юрий", "RU", "sherbakov yuri"),
    ("ЗАО «Эксперт-Консалт»", "RU", "ekspert konsalt"),
    ("Expert Consult CJSC", "RU", "ekspert konsult"),  # differs: Консалт is spelt from the sound
]


def test_the_table_is_large_enough() -> None:
    assert len(REGISTER_NAMES) >= 100


@pytest.mark.parametrize(("name", "country", "key"), REGISTER_NAMES, ids=[row[0] for row in REGISTER_NAMES])
def test_register_name_key(name: str, country: str, key: str) -> None:
    assert name_key(name, country=country) == key
