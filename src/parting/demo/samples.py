"""Names, companies, titles and phone numbers the demo and bench data sets draw from."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator

from parting.core.choices import Role

# (name, email handle): names from many places, with accents, apostrophes and other
# scripts, so every page is seen with real-world text.
PEOPLE: list[tuple[str, str]] = [
    ("José Álvarez", "jose.alvarez"),
    ("Zoë Müller", "zoe.mueller"),
    ("李华", "li.hua"),
    ("Priya Raman", "priya.raman"),
    ("Siobhán O'Connor", "siobhan.oconnor"),
    ("Oluwaseun Adeyemi", "seun.adeyemi"),
    ("Nguyễn Thị Lan", "lan.nguyen"),
    ("Björn Lindqvist", "bjorn.lindqvist"),
    ("Fatima Zahra Benali", "fatima.benali"),
    ("Marcus Whitfield", "marcus.whitfield"),
    ("Chloé Dubois", "chloe.dubois"),
    ("Kenji Watanabe", "kenji.watanabe"),
    ("Aroha Ngata", "aroha.ngata"),
    ("Łukasz Nowak", "lukasz.nowak"),
    ("Dmitri Ivanov", "dmitri.ivanov"),
    ("Mary-Kate Lindgren", "marykate.lindgren"),
    ("김민준", "minjun.kim"),
    ("Gabriela Souza", "gabriela.souza"),
    ("Tomás Ó Briain", "tomas.obriain"),
    ("Amara Nwosu", "amara.nwosu"),
    ("Yusuf Demir", "yusuf.demir"),
    ("Hannah Goldberg", "hannah.goldberg"),
    ("Ravi Venkataraman", "ravi.v"),
    ("Søren Kjær", "soren.kjaer"),
    ("Elena Petrova", "elena.petrova"),
    ("DeShawn Carter", "deshawn.carter"),
    ("İlayda Yılmaz", "ilayda.yilmaz"),
    ("Mateo Rossi", "mateo.rossi"),
    ("Aisha Mohammed", "aisha.mohammed"),
    ("Connor McAllister", "connor.mcallister"),
    ("山田 花子", "hanako.yamada"),
    ("Isabela Ferreira", "isabela.ferreira"),
    ("Kwame Mensah", "kwame.mensah"),
    ("Ingrid Haugen", "ingrid.haugen"),
    ("Diego Hernández", "diego.hernandez"),
    ("Leilani Kahale", "leilani.kahale"),
    ("Arjun Mehta", "arjun.mehta"),
    ("Noémie Laurent", "noemie.laurent"),
    ("Samuel Osei", "samuel.osei"),
    ("Olga Sokolova", "olga.sokolova"),
    ("王芳", "fang.wang"),
    ("Rachel Abernathy", "rachel.abernathy"),
    ("Javier Morales", "javier.morales"),
    ("Thandiwe Dlamini", "thandiwe.dlamini"),
    ("Erik Johansson", "erik.johansson"),
    ("Mei Lin Tan", "meilin.tan"),
    ("Patrick O'Neill", "patrick.oneill"),
    ("Camila Reyes", "camila.reyes"),
    ("Ahmed Hassan", "ahmed.hassan"),
    ("Greta Schmidt", "greta.schmidt"),
    ("Tyrone Jackson", "tyrone.jackson"),
    ("Ana Lucía Paredes", "analucia.paredes"),
    ("Viktor Horváth", "viktor.horvath"),
    ("Nadia Rahman", "nadia.rahman"),
    ("Brendan Kowalski", "brendan.kowalski"),
    ("Sofía Castillo", "sofia.castillo"),
    ("Hiroshi Tanaka", "hiroshi.tanaka"),
    ("Chiamaka Eze", "chiamaka.eze"),
    ("Lars Pedersen", "lars.pedersen"),
    ("Valentina Bianchi", "valentina.bianchi"),
    ("Omar Farouk", "omar.farouk"),
    ("Jessica Thornton", "jessica.thornton"),
    ("Pedro Gonçalves", "pedro.goncalves"),
    ("Anjali Desai", "anjali.desai"),
    ("Mikael Virtanen", "mikael.virtanen"),
    ("Yasmin Haddad", "yasmin.haddad"),
    ("Carlos Mendoza", "carlos.mendoza"),
    ("Rebecca Stein", "rebecca.stein"),
    ("Emeka Obi", "emeka.obi"),
    ("Agnieszka Wiśniewska", "agnieszka.wisniewska"),
    ("Andrés Jiménez", "andres.jimenez"),
    ("Dana Whitaker", "dana.whitaker"),
    ("Farah Qureshi", "farah.qureshi"),
    ("Niamh Gallagher", "niamh.gallagher"),
    ("Wei Zhang", "wei.zhang"),
    ("Jamal Robinson", "jamal.robinson"),
    ("Katarzyna Zielińska", "kasia.zielinska"),
    ("Hugo Lefèvre", "hugo.lefevre"),
    ("Rosa Martínez", "rosa.martinez"),
    ("Benedikt Bauer", "benedikt.bauer"),
]

FIRST = [
    "Ana", "Ben", "Chen", "Dara", "Eli", "Fatou", "Gus", "Hana", "Ivo", "Jade", "Kofi",
    "Lena", "Milo", "Nora", "Oskar", "Pia", "Quinn", "Rui", "Sana", "Teo", "Uma", "Vera",
    "Wren", "Xavi", "Yara", "Zane", "Amélie", "Bruno", "Céline", "Dário", "Émile", "Farid",
]  # fmt: skip
LAST = [
    "Abbott", "Baptiste", "Castro", "Dąbrowski", "Eriksen", "Fonseca", "García", "Hoffmann",
    "Ito", "Jovanović", "Kamau", "López", "Moreau", "Nakamura", "Okoro", "Park", "Quintero",
    "Rahimi", "Sato", "Tremblay", "Urquhart", "Varga", "Weiss", "Xu", "Yilmaz", "Zapata",
]  # fmt: skip

# Real area codes with the 555-01xx lines reserved for fiction: valid, never anyone's.
AREA_CODES = ["312", "773", "630", "847", "214", "469", "404", "206", "415", "617", "646"]

TITLES: dict[str, list[str]] = {
    Role.RECRUITER: ["Technical Recruiter", "Senior Talent Partner", "Recruiting Coordinator"],
    Role.HIRING_MANAGER: [
        "Director of Product",
        "VP Engineering",
        "Head of Operations Technology",
        "Group Product Manager",
    ],
    Role.HR: ["HR Business Partner", "People Operations Manager"],
    Role.EMPLOYEE: [
        "Senior Product Manager",
        "Solutions Engineer",
        "Data Analyst",
        "Customer Success Lead",
    ],
    Role.OTHER: ["Founder", "Board Advisor", "Independent Consultant"],
}

OPENING_TITLES = [
    "Product Manager, Carrier Network",
    "Senior Product Manager, TMS",
    "Solutions Consultant",
    "Product Owner, Yard Management",
    "Implementation Lead",
    "Technical Product Manager, Routing",
]

COMPANY_WORDS = (
    ["Prairie", "Harbor", "Cedar", "Granite", "Summit", "Lakeshore", "Copper", "Redwood"],
    ["Freight", "Parcel", "Routing", "Dock", "Fleet", "Yard", "Cargo", "Supply"],
    ["Labs", "Systems", "Logistics", "Networks", "Analytics", "Works", "Partners", "Tech"],
)

INDUSTRIES = [
    "logistics software",
    "freight brokerage",
    "warehousing",
    "last-mile delivery",
    "transportation management",
    "supply chain analytics",
]


def handle_for(name: str) -> str:
    """An ASCII email handle for a Latin-script name (`Zoë Müller` -> `zoe.muller`)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part for part in folded.lower().replace("'", "").split() if part) or "person"


def people(rng: random.Random) -> Iterator[tuple[str, str]]:
    """An endless stream of distinct (name, handle): the named people first, then
    combinations, then combinations with a middle initial."""
    yield from PEOPLE
    combos = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(combos)
    for first, last in combos:
        yield f"{first} {last}", handle_for(f"{first} {last}")
    for initial in "ABCDEFGHJKLMNPRSTW":
        for first, last in combos:
            name = f"{first} {initial}. {last}"
            yield name, handle_for(f"{first} {initial} {last}")
    for generation in range(2, 1_000_000):  # big bench accounts outgrow the list above
        for first, last in combos:
            name = f"{first} {last} {generation}"
            yield name, handle_for(name)


def fictional_phone(rng: random.Random) -> str:
    """A valid US number on a 555-01xx line, as typed (the domain stores it E.164)."""
    return f"+1 {rng.choice(AREA_CODES)} 555 01{rng.randrange(100):02d}"
