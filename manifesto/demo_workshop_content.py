"""Words for the demo's workshops (see manifesto/demo.py): meetings in the
four nations, the ideas they brought in and what was said about others."""

from __future__ import annotations

#: Each workshop: title, days ago it was held, venue, town, nation, region,
#: organising group, facilitator as named publicly, attendees, notes.
WORKSHOPS = [
    ("Open government in Wales", 18, "Temple of Peace", "Cardiff", "wales", "South Wales",
     "Open Government Network Wales", "Rhian Morgan", 34,
     "An evening workshop with community groups, council officers and students. People wrote "
     "ideas on cards in the first hour, then voted with three dots each."),
    ("Scotland's open government conversation", 14, "Mitchell Library", "Glasgow", "scotland",
     "Glasgow and Clyde", "Scottish Open Government Network", "Fraser Douglas", 41,
     "Held in English with a short Gaelic welcome. Lobbying and land came up in every table."),
    ("Belfast civic forum on transparency", 10, "Skainos Centre", "Belfast", "northern_ireland",
     "", "Belfast Civic Forum", "Siobhan McAllister", 27,
     "A mix of residents' groups and journalists. Political donations dominated the discussion."),
    ("Leeds open data and open councils", 7, "Leeds Central Library", "Leeds", "england",
     "Yorkshire and the Humber", "Open Data Leeds", "Priya Shah", 38,
     "Run alongside a data meet-up; many people had tried to use council spending data."),
    ("Plymouth community workshop", 4, "Devonport Guildhall", "Plymouth", "england",
     "South West", "Plymouth Tenants' Network", "Sam Okonjo", 19,
     "A Saturday morning session for tenants and volunteers, with a creche."),
]

#: Ideas written on cards at a workshop (by its town): title, themes, scope,
#: problem, proposal, impact, who should act.
WORKSHOP_IDEAS = {
    "Cardiff": [
        ("Bilingual open data from every Welsh public body",
         ["Open data"], "wales",
         "Welsh public bodies publish data in different places and formats, often only in English.",
         "Require every Welsh public body to publish its core datasets in Welsh and English, "
         "in open formats, on one national portal.",
         "People can use public data in the language of their choice and compare bodies fairly.",
         "Welsh Government"),
    ],
    "Glasgow": [
        ("Publish who owns Scotland's land, including trusts",
         ["Beneficial ownership", "Local open government"], "scotland",
         "The register of controlling interests still lets owners hide behind trusts and "
         "overseas companies.",
         "Make the Register of Persons Holding a Controlled Interest in Land cover every trust "
         "and overseas entity, free to search and download.",
         "Communities can find out who owns the land around them and negotiate with them.",
         "Scottish Government; Registers of Scotland"),
        ("Citizens' juries for Scottish councils",
         ["Public participation", "Local open government"], "scotland",
         "Big council decisions are taken with little chance for residents to deliberate.",
         "Give every Scottish council a duty to hold a citizens' jury before major service changes.",
         "Decisions that residents understand and are more likely to accept.",
         "Scottish councils; COSLA"),
    ],
    "Belfast": [
        ("Independent oversight of Stormont's spending decisions",
         ["Anti-corruption", "Open contracting"], "northern_ireland",
         "Spending scandals have shown how little scrutiny some schemes receive before money flows.",
         "Give the Northern Ireland Audit Office power to review large schemes before launch, "
         "and publish every ministerial direction within a week.",
         "Fewer costly schemes designed without checks; problems caught early.",
         "Northern Ireland Executive; Northern Ireland Audit Office"),
    ],
    "Leeds": [
        ("Council spending data people can actually use",
         ["Open data", "Local open government"], "england",
         "Councils publish spending over £500, but as inconsistent spreadsheets with cryptic "
         "supplier names and no descriptions.",
         "Set one standard for council spending data, with supplier identifiers and plain "
         "descriptions, and check councils follow it.",
         "Residents, journalists and small businesses can follow local spending.",
         "Ministry of Housing, Communities and Local Government; councils"),
    ],
    "Plymouth": [
        ("Tenants on the boards of housing associations",
         ["Public participation", "Local open government"], "england",
         "Tenants have little say in decisions about repairs, rents and safety.",
         "Require housing associations to reserve board seats for tenants and publish board "
         "papers and repair performance.",
         "Problems such as damp and mould are raised and fixed sooner.",
         "Regulator of Social Housing; housing associations"),
    ],
}

#: Remarks from the room on ideas already online: (town, idea title, words).
WORKSHOP_COMMENTS = [
    ("Cardiff", "Publish Welsh Government grants as open data",
     "Our table said grants to charities should be included, not only to companies."),
    ("Cardiff", "Enforce the 20-working-day limit for FOI responses",
     "Several people had waited months for answers from health boards."),
    ("Glasgow", "Extend Scotland's lobbying register to emails and calls",
     "Strong support in the room: most lobbying now happens by email and WhatsApp."),
    ("Glasgow", "Make land ownership open and free to search",
     "People want this to cover Scotland as well, with one search across the UK."),
    ("Belfast", "Publish historic political donations in Northern Ireland",
     "The room felt this was the most important thing for trust in politics here."),
    ("Leeds", "Publish spending over £500 for every public body, including schools and NHS trusts",
     "Data users asked for a common format so councils can be compared."),
    ("Leeds", "Webcast and archive every council meeting",
     "Archive with searchable transcripts, please: video alone is hard to search."),
    ("Plymouth", "Open registers of council land and community assets",
     "Tenants wanted to know which empty buildings the council owns."),
]
