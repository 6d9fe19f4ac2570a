"""Demo people: an organiser, an admin, volunteer reps across regions and newcomers from many countries."""

from datetime import UTC, datetime, timedelta

from softlanding.blueprints.accounts import passwords
from softlanding.blueprints.accounts.models import User, UserRole
from softlanding.blueprints.profiles.models import Profile
from softlanding.core.extensions import db
from softlanding.core.reference import country_name

REPS = [
    # name, region, stage, country, subspecialties, languages, timezone
    ("Adaeze Okonkwo", "north_west", "consultant", "NG", ["neonatal"], ["en", "ig"]),
    ("Rajesh Venkataraman", "london", "consultant", "IN", ["emergency", "general"], ["en", "ta", "hi"]),
    ("Samira Haddad", "west_midlands", "st5_7", "SY", ["neurology"], ["en", "ar"]),
    ("Imran Qureshi", "yorkshire_humber", "consultant", "PK", ["respiratory"], ["en", "ur", "pa"]),
    ("Nadia El-Sayed", "scotland", "sas", "EG", ["community"], ["en", "ar"]),
    ("Kwame Mensah", "east_of_england", "st5_7", "GH", ["intensive_care"], ["en", "ak"]),
    ("Priyanka Desai", "kss", "consultant", "IN", ["diabetes_endocrinology"], ["en", "gu", "hi"]),
    ("Tomasz Kowalczyk", "wales", "st5_7", "PL", ["gastro_hepatology"], ["en", "pl"]),
    ("Fatima Bello", "ne_cumbria", "consultant", "NG", ["general", "child_mental_health"], ["en", "ha"]),
    ("Chathura Perera", "wessex", "st5_7", "LK", ["oncology"], ["en", "si"]),
    ("Layla Al-Rashid", "northern_ireland", "sas", "IQ", ["neonatal"], ["en", "ar"]),
    ("Elena Popescu", "thames_valley", "consultant", "RO", ["nephrology"], ["en", "ro"]),
]

NEWCOMERS = [
    ("Oluwaseun Adeyemi", "NG", "outside_uk", "not_in_uk", "Africa/Lagos", ["en", "yo"]),
    ("Aisha Mohammed", "SD", "north_west", "foundation_led", "Europe/London", ["en", "ar"]),
    ("Arjun Nair", "IN", "london", "st1_4", "Europe/London", ["en", "ml"]),
    ("Zainab Hussain", "PK", "outside_uk", "not_in_uk", "Asia/Karachi", ["en", "ur"]),
    ("Mohamed Abdelrahman", "EG", "west_midlands", "st1_4", "Europe/London", ["en", "ar"]),
    ("Grace Owusu", "GH", "east_midlands", "foundation_led", "Europe/London", ["en", "ak"]),
    ("Rania Khalil", "JO", "yorkshire_humber", "st1_4", "Europe/London", ["en", "ar"]),
    ("Tanvir Rahman", "BD", "outside_uk", "not_in_uk", "Asia/Dhaka", ["en", "bn"]),
    ("Nimali Fernando", "LK", "wessex", "foundation_led", "Europe/London", ["en", "si"]),
    ("Omar Farouk", "SY", "scotland", "st1_4", "Europe/London", ["en", "ar"]),
    ("Chiamaka Eze", "NG", "kss", "st1_4", "Europe/London", ["en", "ig"]),
    ("Divya Menon", "IN", "outside_uk", "not_in_uk", "Asia/Kolkata", ["en", "ml", "hi"]),
    ("Hassan Karimi", "IR", "london", "foundation_led", "Europe/London", ["en", "fa"]),
    ("Maria Santos", "PH", "wales", "st1_4", "Europe/London", ["en", "tl"]),
    ("Yusuf Ibrahim", "SD", "ne_cumbria", "foundation_led", "Europe/London", ["en", "ar"]),
    ("Sarah Wanjiru", "KE", "outside_uk", "not_in_uk", "Africa/Nairobi", ["en", "sw"]),
    ("Ahmed Al-Tamimi", "IQ", "east_of_england", "st1_4", "Europe/London", ["en", "ar"]),
    ("Nkechi Obi", "NG", "north_west", "sas", "Europe/London", ["en", "ig"]),
    ("Farah Siddiqui", "PK", "thames_valley", "st1_4", "Europe/London", ["en", "ur"]),
    ("Georgios Papadopoulos", "GR", "london", "st5_7", "Europe/London", ["en", "el"]),
    ("Mei Ling Tan", "MY", "outside_uk", "not_in_uk", "Asia/Kuala_Lumpur", ["en", "ms", "zh"]),
    ("Thabo Nkosi", "ZA", "south_west", "st1_4", "Europe/London", ["en", "zu"]),
    ("Lucia Romano", "IT", "kss", "foundation_led", "Europe/London", ["en", "it"]),
    ("Karim Benali", "DZ", "west_midlands", "foundation_led", "Europe/London", ["en", "ar", "fr"]),
    ("Shreya Kulkarni", "IN", "yorkshire_humber", "st1_4", "Europe/London", ["en", "mr", "hi"]),
    ("Emeka Nwosu", "NG", "outside_uk", "not_in_uk", "Africa/Lagos", ["en", "ig"]),
    ("Hiba Osman", "SD", "scotland", "foundation_led", "Europe/London", ["en", "ar"]),
    ("Bilal Chaudhry", "PK", "east_midlands", "st1_4", "Europe/London", ["en", "ur", "pa"]),
    ("Ana Ferreira", "PT", "wessex", "st1_4", "Europe/London", ["en", "pt"]),
    ("Yasmin Abdullah", "MY", "northern_ireland", "foundation_led", "Europe/London", ["en", "ms"]),
    ("Dina Mansour", "LB", "outside_uk", "not_in_uk", "Asia/Beirut", ["en", "ar", "fr"]),
    ("Segun Afolabi", "NG", "london", "foundation_led", "Europe/London", ["en", "yo"]),
]

BIOS_REP = [
    "Came to the NHS from {country} {years} years ago. Happy to talk about exams, portfolio and settling in.",
    "Trained in {country}; went through MRCPCH while working as a trust-grade doctor. I mentor for the network.",
    "Regional rep. I remember how confusing ARCP and Kaizen felt at first; ask me anything.",
]


def _user(name, email, password_hash, roles=(), verified_days_ago=60):
    user = User(full_name=name, email=email, password_hash=password_hash,
                email_verified_at=datetime.now(UTC) - timedelta(days=verified_days_ago))
    for role in roles:
        user.role_rows.append(UserRole(role=role))
    db.session.add(user)
    return user


def seed_community(ctx):
    """Organiser, admin, 12 reps and 32 newcomers with full profiles."""
    rng = ctx["rng"]
    # One hash for every demo login: they share one demo password, and hashing 46 times is slow.
    password_hash = passwords.hash_password(ctx["password"])
    organiser = _user("Olivia Mensah-Clarke", "organiser@example.org", password_hash, ("organiser",))
    organiser.profile = Profile(display_name="Olivia", career_stage="consultant", region="london",
                                pmq_country="GH", languages=["en"], bio="Core organising team.")
    admin = _user("Ade Admin", "admin@example.org", password_hash, ("admin",))
    admin.profile = Profile(display_name="Ade (admin)", region="london", pmq_country="GB", languages=["en"])
    reps = []
    for i, (name, region, stage, country, subs, langs) in enumerate(REPS, start=1):
        rep = _user(name, f"rep{i}@example.org", password_hash, ("rep",), verified_days_ago=400)
        rep.profile = Profile(
            display_name=name.split()[0], career_stage=stage, region=region, pmq_country=country,
            nhs_start_month=f"{2010 + i % 9}-{'08' if i % 2 else '02'}",
            mrcpch={"fop": "passed", "tas": "passed", "akp": "passed", "clinical": "passed"},
            subspecialties=subs, languages=langs, timezone="Europe/London",
            bio=BIOS_REP[i % len(BIOS_REP)].format(country=country_name(country), years=6 + i % 10),
        )
        reps.append(rep)
    newcomers = []
    statuses = ["not_yet", "booked", "passed"]
    for i, (name, country, region, stage, tz, langs) in enumerate(NEWCOMERS, start=1):
        user = _user(name, f"newcomer{i}@example.org", password_hash, verified_days_ago=rng.randint(5, 200))
        progress = {}
        passed_theory = stage in ("st1_4", "sas", "st5_7")
        for code in ("fop", "tas", "akp"):
            progress[code] = "passed" if passed_theory and rng.random() < 0.7 else rng.choice(statuses)
        progress["clinical"] = "passed" if stage == "st5_7" else rng.choice(["not_yet", "not_yet", "booked"])
        start_year = 2027 if stage == "not_in_uk" else rng.choice([2024, 2025, 2026])
        user.profile = Profile(
            display_name=name.split()[0], career_stage=stage, region=region, pmq_country=country,
            nhs_start_month=f"{start_year}-{rng.choice(['02', '03', '08', '09'])}",
            mrcpch=progress, subspecialties=rng.sample(["general", "neonatal", "emergency", "community",
                                                         "neurology", "respiratory", "oncology"], k=rng.randint(1, 2)),
            languages=langs, timezone=tz,
            visibility=rng.choice(["members", "members", "limited"]),
            bio="Paediatric doctor from " + country_name(country) + ", looking for help with "
                + rng.choice(["MRCPCH exams", "ARCP and portfolio", "interviews", "settling in the NHS"]) + ".",
        )
        newcomers.append(user)
    # Trust and safety: a suspended account (its reason multi-line, part in Urdu) and the audit trail an
    # admin would find, kept out of ctx so no later seeder books or matches it.
    suspended = _user("Bilal Rauf", "suspended@example.org", password_hash, verified_days_ago=90)
    suspended.profile = Profile(display_name="Bilal", career_stage="st1_4", region="london", pmq_country="PK",
                                languages=["en", "ur"], bio="Suspended demo account.")
    suspended.suspended_at = datetime.now(UTC) - timedelta(days=2)
    suspended.suspended_reason = "Three reports of unwanted messages to mentees.\nشکایات زیرِ غور ہیں 🙏"
    suspended.is_active_account = False
    db.session.flush()
    from softlanding.core import audit

    for rep in reps[:3]:
        audit.record("role_granted", "user", rep.id, "rep", actor_id=admin.id)
    audit.record("suspended", "user", suspended.id, actor_id=admin.id)
    audit.record("sign_in_failed", "user", suspended.id)
    ctx.update(organiser=organiser, admin=admin, reps=reps, newcomers=newcomers)
    return [
        f"Demo community: 1 organiser, 1 admin, {len(reps)} reps, {len(newcomers)} newcomers "
        f"from {len({n[1] for n in NEWCOMERS})} countries.",
        "Trust: suspended@example.org is suspended (see Admin, the member page and the audit log).",
        "Logins: organiser@example.org, admin@example.org, rep1@example.org ... "
        f"rep{len(reps)}@example.org, newcomer1@example.org ... newcomer{len(newcomers)}@example.org",
    ]
