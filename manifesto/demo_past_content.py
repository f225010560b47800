"""Text of the demo's past round: a manifesto that went all the way through
assessment to publication, modelled on the 2015 UK Open Government Network
manifesto (fictional people, real-sounding commitments)."""

from __future__ import annotations

PAST_ROUND_SLUG = "manifesto-2025"
PAST_ROUND_TITLE = "Open Government Manifesto 2025"
PAST_ROUND_INTRODUCTION = (
    "Ideas from the public and from workshops in all four nations, refined by an expert "
    "panel into the commitments we asked every party to make before the 2025 election.\n\n"
    "Read the manifesto, see how the panel decided, and check which parties committed."
)

PAST_THEMES = [
    ("Open contracting", "Public money spent in the open, from tender to delivery."),
    ("Beneficial ownership", "Knowing who really owns and controls companies and land."),
    ("Freedom of information", "The right to know, kept strong and extended."),
    ("Lobbying and influence", "Who meets ministers, and about what."),
    ("Participation", "People involved in decisions, not only consulted."),
]

# The panel (fictional experts; demo accounts nobody can sign in as).
PANELLISTS = [
    ("Dr Helen Ward", "helen.ward", "University of Leeds"),
    ("Marcus Bell", "marcus.bell", "Transparency campaigner"),
    ("Siân Rowlands", "sian.rowlands", "Wales Council for Voluntary Action"),
]

# (title, theme, scope, problem, proposal)
PAST_IDEAS = [
    ("Publish every public contract in full", "Open contracting", "uk",
     "Contracts worth billions are published late, redacted or not at all.",
     "Publish all contracts over £10,000 in full within 20 working days, using the Open "
     "Contracting Data Standard."),
    ("Open up contract performance data", "Open contracting", "uk",
     "Nobody can see whether suppliers deliver what they were paid for.",
     "Publish key performance indicators for every major contract every quarter."),
    ("One register of all council contracts", "Open contracting", "local",
     "Each council publishes contracts differently, if at all.",
     "A single national register of local government contracts with common fields."),
    ("A public register of who owns companies", "Beneficial ownership", "uk",
     "Anonymous shell companies hide corruption and tax evasion.",
     "Keep the public register of beneficial owners, verify its entries and fund Companies House "
     "to check them."),
    ("Ownership of land bought by overseas companies", "Beneficial ownership", "england",
     "Property is bought through overseas companies whose owners are unknown.",
     "Require overseas companies owning UK property to declare their beneficial owners."),
    ("Bring contractors under Freedom of Information", "Freedom of information", "uk",
     "Public services run by private contractors fall outside FOI.",
     "Extend the Freedom of Information Act to information held by contractors about public "
     "services they deliver."),
    ("No new FOI fees", "Freedom of information", "uk",
     "Proposals to charge for requests would price people out.",
     "Commit to no fees for FOI requests and no new absolute exemptions."),
    ("Time limits for public interest extensions", "Freedom of information", "scotland",
     "Public interest test extensions can drag on for months.",
     "A statutory 20-day limit on public interest extensions."),
    ("A statutory register of lobbyists that covers in-house lobbyists",
     "Lobbying and influence", "uk",
     "The current register misses most lobbying, done by in-house staff.",
     "Extend the register of consultant lobbyists to everyone who lobbies professionally."),
    ("Publish ministerial diaries monthly", "Lobbying and influence", "uk",
     "Meetings are published quarterly, late and without detail.",
     "Publish ministers' and senior officials' meetings monthly, with the subject discussed."),
    ("Open up the budget process", "Participation", "uk",
     "The public has no say in spending priorities until decisions are made.",
     "Hold open pre-budget consultations with published responses and a citizens' panel."),
    ("Citizens' assemblies on big decisions", "Participation", "wales",
     "Major decisions are taken without deliberation with the people affected.",
     "Convene citizens' assemblies on major constitutional and long-term questions."),
    ("A participation duty for public bodies", "Participation", "northern_ireland",
     "Consultation is often a box-ticking exercise at the end of the process.",
     "A statutory duty to involve people early in decisions that affect them."),
    ("Plain-English summaries of every consultation", "Participation", "uk",
     "Consultation documents are long and technical.",
     "Every consultation comes with a two-page plain-English summary and an easy-read version."),
]

# (title, theme, source idea titles, commit_to, current_situation, we_call_for, lead_body)
PAST_COMMITMENTS = [
    ("Open contracting from tender to delivery", "Open contracting",
     ["Publish every public contract in full", "Open up contract performance data",
      "One register of all council contracts"],
     "Commit to publishing every public contract, its changes and its performance, in full "
     "and as open data.",
     "Central government publishes contracts over £10,000 on Contracts Finder, but often late "
     "and redacted; councils publish inconsistently; performance is almost never published.",
     "- All contracts over £10,000 published in full within 20 working days\n"
     "- Adoption of the Open Contracting Data Standard across government\n"
     "- Quarterly performance data for the largest contracts\n"
     "- One register covering local government",
     "Cabinet Office"),
    ("Know who owns companies and land", "Beneficial ownership",
     ["A public register of who owns companies",
      "Ownership of land bought by overseas companies"],
     "Commit to verified public registers of who owns and controls companies and property.",
     "The UK has a public register of company owners, but entries are not verified and "
     "overseas companies owning property are not covered.",
     "- Verification of beneficial ownership entries\n"
     "- A register of overseas owners of UK property\n"
     "- Funding for Companies House to investigate false filings",
     "Department for Business and Trade"),
    ("Freedom of information follows the public pound", "Freedom of information",
     ["Bring contractors under Freedom of Information", "No new FOI fees"],
     "Commit to extending Freedom of Information to contractors delivering public services, "
     "with no new fees.",
     "Around a third of public spending goes to outside suppliers whose information is outside "
     "FOI.",
     "- FOI to cover information held by contractors about public services\n"
     "- No fees for requests and no new absolute exemptions",
     "Ministry of Justice"),
    ("Faster answers to information requests", "Freedom of information",
     ["Time limits for public interest extensions"],
     "Commit to a statutory time limit on public interest extensions.",
     "Extensions for considering the public interest have no statutory limit.",
     "- A 20-working-day limit on public interest extensions\n"
     "- Publication of response-time statistics for every public body",
     "Ministry of Justice"),
    ("Lobbying in the open", "Lobbying and influence",
     ["A statutory register of lobbyists that covers in-house lobbyists",
      "Publish ministerial diaries monthly"],
     "Commit to a comprehensive lobbying register and monthly publication of ministerial "
     "meetings.",
     "The register covers only consultant lobbyists; ministerial meetings are published "
     "quarterly without detail.",
     "- A register covering all professional lobbyists\n"
     "- Monthly publication of ministers' and senior officials' meetings with their subject",
     "Cabinet Office"),
    ("Open budgets", "Participation",
     ["Open up the budget process"],
     "Commit to an open pre-budget process with published consultation responses.",
     "Budget priorities are set behind closed doors.",
     "- Open pre-budget consultation\n- A citizens' panel on spending priorities",
     "HM Treasury"),
    ("Involving people early", "Participation",
     ["Citizens' assemblies on big decisions", "A participation duty for public bodies"],
     "Commit to deliberative democracy on major decisions and a duty to involve people early.",
     "Participation is discretionary and usually comes late in the process.",
     "- Citizens' assemblies on major long-term questions\n"
     "- A statutory participation duty for public bodies",
     "Cabinet Office"),
]

# Scores per commitment (impact, values, feasibility) for each panellist; None = conflict.
PAST_SCORES = [
    [(5, 5, 4), (5, 5, 3), (4, 5, 4)],
    [(5, 4, 3), (4, 5, 3), None],
    [(4, 5, 3), (5, 5, 2), (4, 4, 3)],
    [(3, 4, 4), (3, 3, 5), (3, 4, 4)],
    [(4, 5, 3), (5, 5, 3), (4, 5, 3)],
    [(3, 3, 2), (2, 4, 2), (4, 3, 1)],
    [(4, 4, 2), (2, 5, 1), (5, 3, 3)],
]

# (shortlisted, reason) per commitment, in the order above.
PAST_DECISIONS = [
    (True, "Highest score on every criterion and strong support online and at workshops."),
    (True, "Strong impact; the panel noted verification needs funding, which the bullets ask for."),
    (True, "High impact and clear public support across all four nations."),
    (False, "Worth doing but narrower; folded into our wider asks on freedom of information."),
    (True, "Consistently high scores; both asks are simple to implement."),
    (False, "Low feasibility score this parliament; we will return to it in the next round."),
    (True, "Panellists disagreed on feasibility, but public support was the strongest of the "
           "participation ideas."),
]

UNUSED_IDEA_REASON = ("Important, but the panel folded it into the participation commitments "
                      "rather than making it a commitment of its own.")

# Fictional parties (name, short name, colour, nations, website).
PARTIES = [
    ("Progressive Alliance", "PA", "#b4235a", ("england", "scotland", "wales", "northern_ireland"),
     "https://progressive-alliance.example.org/"),
    ("Civic Party", "CIV", "#1d4f91", ("england", "scotland", "wales"),
     "https://civic-party.example.org/"),
    ("Green Future", "GF", "#2e7d32", ("england", "wales"),
     "https://green-future.example.org/"),
    ("Scottish Common Weal", "SCW", "#6a1b9a", ("scotland",),
     "https://common-weal.example.org/"),
]

# Stance of each party (in PARTIES order) on each published commitment, by number.
PARTY_STANCES = {
    1: ("committed", "committed", "committed", "partly"),
    2: ("committed", "partly", "committed", "no_response"),
    3: ("partly", "declined", "committed", "committed"),
    4: ("committed", "committed", "partly", "no_response"),
    5: ("declined", "no_response", "committed", "partly"),
}
PARTY_QUOTES = {
    "committed": "We will implement this in full in our first term.",
    "partly": "We support the principle and will consult on how to deliver it.",
    "declined": "We do not believe this is a priority for the next parliament.",
}

# Delivery updates: (commitment number, days after publication, status, note).
PROGRESS = [
    (1, 120, "in_action_plan", "Included in the National Action Plan for Open Government."),
    (1, 220, "in_progress", "Contracts Finder now publishes full texts for central government."),
    (2, 150, "in_progress", "Identity verification for company owners has begun."),
    (3, 200, "not_started", "No legislation has been announced."),
    (4, 90, "in_action_plan", "A lobbying review is in the action plan."),
]
