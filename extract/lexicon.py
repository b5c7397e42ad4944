"""Words the extractor knows without a store: roles, titles, countries, reporting verbs."""

from __future__ import annotations

import re

# Offices, longest first so "Secretary-General" wins over "Secretary".
ROLES = sorted({
    "secretary general", "secretary-general", "deputy secretary general", "president",
    "vice president", "vice-president", "prime minister", "deputy prime minister",
    "chancellor", "vice-chancellor", "chief executive officer", "chief executive",
    "ceo", "chief financial officer", "cfo", "chief operating officer",
    "coo", "chair", "chairman", "chairwoman", "chairperson", "executive chairman",
    "governor", "director-general", "director general", "managing director",
    "executive director", "director", "head coach", "coach", "manager", "head", "leader",
    "foreign minister", "finance minister", "defence minister", "defense minister",
    "interior minister", "health minister", "minister", "commissioner", "high commissioner",
    "king", "queen", "pope", "mayor", "speaker", "chief of staff", "rector", "dean",
    "captain", "general secretary", "ambassador", "administrator", "commander",
    "chief", "refugee chief", "chief justice", "archbishop", "governor-general",
    "first minister", "premier", "taoiseach", "emir", "sultan", "secretary of state",
    "attorney general", "central bank governor", "party leader", "president-elect",
    "sporting director", "technical director", "editor", "editor-in-chief", "provost",
    "envoy", "special envoy", "special representative", "high representative",
    "representative", "general manager", "supervisory board chair",
    "bishop", "inspector general", "inspector-general", "commandant", "principal",
    "publisher", "police commissioner", "chief constable", "police chief", "chief of police",
    "chief of defence staff", "chief of army staff", "chief of naval staff",
    "chief of air staff", "chief of the air staff", "chief of the army staff",
    "comptroller general", "comptroller-general", "auditor general", "auditor-general",
    "registrar", "warden", "superintendent", "chief rabbi", "patriarch", "chief minister",
    "president and ceo", "president and chief executive", "chief physician executive",
    "executive editor", "chief of defense staff", "head of state", "head of government",
    # companies', universities' and sports' posts
    "chief accounting officer", "chief technology officer", "cto",
    "chief marketing officer", "cmo", "chief information officer", "cio",
    "chief investment officer", "chief risk officer", "chief medical officer",
    "chief people officer", "chief digital officer", "chief scientist", "general counsel",
    "company secretary", "headteacher",
    "head teacher", "skipper", "team principal", "athletic director", "ombudsman",
}, key=len, reverse=True)

def trie_pattern(words: list[str]) -> str:
    """One regex for many words, shared prefixes factored out, so matching is fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = []
        for char, child in sorted(node.items(), key=lambda item: item[0] == ""):
            if char == "":
                continue
            piece = r"[\s-]" if char in " -" else re.escape(char)
            branches.append(piece + build(child))
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return "(?:" + build(trie) + ")"


ROLE_PATTERN = trie_pattern(ROLES)

# Words that stand before a name as a title and are not part of it.
TITLES = {
    "president", "prime", "minister", "chancellor", "secretary", "general", "secretary-general",
    "ceo", "chief", "executive", "chairman", "chairwoman", "chair", "governor", "director",
    "director-general", "coach", "manager", "king", "queen", "pope", "dr", "mr", "mrs", "ms",
    "sir", "dame", "lady", "gen", "sen", "senator", "rep", "former", "new", "outgoing",
    "incoming", "interim", "acting", "mayor", "speaker", "commissioner", "premier",
    "ambassador", "professor", "prof", "judge", "justice", "captain", "deputy", "vice",
    "foreign", "finance", "defence", "defense", "chairperson", "head", "managing", "boss",
    "striker", "midfielder", "goalkeeper", "defender", "veteran", "economist", "lawmaker",
    "colonel", "admiral", "lieutenant", "sheikh", "prince", "princess", "archbishop",
    "bishop", "cardinal", "rabbi", "imam", "father", "rev", "officer", "financial",
    "marshal", "air", "rear", "maj", "major", "brig", "brigadier", "lt", "col", "cmdr",
    "avm", "dig", "igp", "ig", "cji", "mallam", "alhaji", "superintendent", "commander",
    "inspector", "vice-president", "vice-chancellor", "provost", "dean", "rector",
    "publisher", "editor", "founder", "co-founder", "leftist", "rightist", "conservative",
    "liberal", "socialist", "libertarian", "centrist", "populist", "opposition",
    "newly-elected", "president-elect", "mp", "congressman",
    "congresswoman", "councillor", "councilor", "attorney", "solicitor", "prosecutor",
    "detectives", "journalist", "auxiliary", "pm", "vp", "cs", "vc", "sp", "cm", "dg",
    "cfo", "coo", "cto", "cmo", "cio",
    # what a person does or owns, said before the name ("Businesswoman Ana Lima")
    "businessman", "businesswoman", "entrepreneur", "billionaire", "millionaire", "tycoon",
    "magnate", "industrialist", "banker", "financier", "investor", "philanthropist",
    "activist", "campaigner", "lawyer", "diplomat", "technocrat", "academic", "politician",
    "broadcaster", "presenter", "actor", "actress", "novelist", "scientist", "physician",
    "surgeon", "engineer", "accountant", "businesspeople",
}

# Words that are capitalized at the start of sentences or as names of days and months,
# and never begin a person's name.
NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "as", "and", "but", "or", "for", "with", "by", "from",
    "to", "of", "after", "before", "during", "under", "over", "his", "her", "their", "its",
    "he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "there",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "speaking", "asked",
    "meanwhile", "however", "additionally", "experts", "analysts", "officials", "critics",
    "according", "while", "although", "since", "until", "when", "where", "who", "what",
    "why", "how", "if", "then", "now", "today", "yesterday", "tomorrow", "last", "next",
    "our", "my", "your", "both", "all", "some", "many", "most", "several", "one", "two",
    "three", "no", "not", "also", "earlier", "later", "reuters", "ap", "afp", "update",
    "among", "amid", "amidst", "despite", "following", "within", "without", "across",
    "against", "towards", "toward", "upon", "unlike", "like",
    "breaking", "exclusive", "analysis", "opinion", "photo", "video", "published", "updated",
    "read", "more", "share", "challenges", "ahead", "new", "former", "shares", "stocks",
    "interview", "podcast", "obituary",
}

REPORTING_VERBS = (
    r"said|says|say|told|tells|stated|states|added|adds|noted|notes|declared|warned|warns|"
    r"insisted|insists|argued|argues|explained|explains|wrote|writes|remarked|remarks|"
    r"announced|announces|stressed|stresses|emphasized|emphasised|acknowledged|admitted|"
    r"replied|responded|continued|concluded|observed|recalled|pledged|promised|vowed|"
    r"added|commented|tweeted|posted|quipped|joked|conceded|cautioned|predicted|elaborated|" \
    r"reiterated|affirmed|asserted|asked|queried|continues|expressed|maintained|recounted"
)
REPORTING_PARTICIPLES = r"saying|stating|adding|noting|declaring|warning|telling|insisting|" \
    r"arguing|explaining|writing|calling|describing|remarking"

COUNTRIES = {
    "Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia and Herzegovina",
    "Botswana", "Brazil", "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chile", "China",
    "Colombia", "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czech Republic", "Denmark",
    "Ecuador", "Egypt", "Estonia", "Ethiopia", "Finland", "France", "Georgia", "Germany",
    "Ghana", "Greece", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland",
    "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Latvia",
    "Lebanon", "Libya", "Lithuania", "Luxembourg", "Malaysia", "Mali", "Malta", "Mexico",
    "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Nepal",
    "Netherlands", "New Zealand", "Nigeria", "North Korea", "North Macedonia", "Norway",
    "Pakistan", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar",
    "Romania", "Russia", "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Singapore",
    "Slovakia", "Slovenia", "Somalia", "South Africa", "South Korea", "Spain", "Sri Lanka",
    "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan", "Tanzania", "Thailand", "Tunisia",
    "Turkey", "Türkiye", "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom",
    "United States", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Yemen", "Zambia",
    "Zimbabwe", "Britain", "Scotland", "Wales", "England",
    "Andorra", "Angola", "Antigua and Barbuda", "Bahamas", "Bahrain", "Barbados", "Belize",
    "Benin", "Bhutan", "Brunei", "Burkina Faso", "Burundi", "Cape Verde", "Cabo Verde",
    "Central African Republic", "Chad", "Comoros", "Congo", "Djibouti", "Dominica",
    "Dominican Republic", "East Timor", "Timor-Leste", "El Salvador", "Equatorial Guinea",
    "Eritrea", "Eswatini", "Fiji", "Gabon", "Gambia", "Grenada", "Guatemala", "Guinea",
    "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Ivory Coast", "Côte d'Ivoire", "Jamaica",
    "Kiribati", "Kyrgyzstan", "Laos", "Lesotho", "Liberia", "Liechtenstein", "Madagascar",
    "Malawi", "Maldives", "Marshall Islands", "Mauritania", "Mauritius", "Micronesia",
    "Monaco", "Namibia", "Nauru", "Nicaragua", "Niger", "Oman", "Palau", "Palestine",
    "Papua New Guinea", "Saint Lucia", "Samoa", "San Marino", "Seychelles", "Sierra Leone",
    "Solomon Islands", "South Sudan", "Suriname", "Tajikistan", "Togo", "Tonga",
    "Trinidad and Tobago", "Turkmenistan", "Tuvalu", "Vanuatu", "Vatican", "Hong Kong",
    "Puerto Rico", "Greenland", "Northern Ireland",
}

DEMONYMS = {
    "Dutch": "Netherlands", "British": "United Kingdom", "German": "Germany",
    "French": "France", "Italian": "Italy", "Spanish": "Spain", "Portuguese": "Portugal",
    "Polish": "Poland", "Swedish": "Sweden", "Norwegian": "Norway", "Danish": "Denmark",
    "Finnish": "Finland", "Irish": "Ireland", "Greek": "Greece", "Austrian": "Austria",
    "Belgian": "Belgium", "Swiss": "Switzerland", "Czech": "Czech Republic",
    "Hungarian": "Hungary", "Romanian": "Romania", "Bulgarian": "Bulgaria",
    "Ukrainian": "Ukraine", "Russian": "Russia", "Chinese": "China", "Japanese": "Japan",
    "Korean": "South Korea", "South Korean": "South Korea", "Indian": "India",
    "Pakistani": "Pakistan", "Brazilian": "Brazil", "Argentine": "Argentina",
    "Mexican": "Mexico", "Canadian": "Canada", "Australian": "Australia",
    "American": "United States", "US": "United States", "U.S.": "United States",
    "Turkish": "Turkey", "Israeli": "Israel", "Egyptian": "Egypt", "Nigerian": "Nigeria",
    "Kenyan": "Kenya", "South African": "South Africa", "Chilean": "Chile",
    "Colombian": "Colombia", "Peruvian": "Peru", "Thai": "Thailand",
    "Indonesian": "Indonesia", "Malaysian": "Malaysia", "Estonian": "Estonia",
    "Latvian": "Latvia", "Lithuanian": "Lithuania", "Croatian": "Croatia",
    "Serbian": "Serbia", "Slovak": "Slovakia", "Slovenian": "Slovenia", "Scottish": "Scotland",
    "New Zealand": "New Zealand", "Icelandic": "Iceland", "Ethiopian": "Ethiopia",
    "Ghanaian": "Ghana", "Saudi": "Saudi Arabia", "Iranian": "Iran", "Iraqi": "Iraq",
    "Jamaican": "Jamaica", "Comorian": "Comoros", "Ugandan": "Uganda", "Tanzanian": "Tanzania",
    "Zambian": "Zambia", "Zimbabwean": "Zimbabwe", "Rwandan": "Rwanda", "Senegalese": "Senegal",
    "Cameroonian": "Cameroon", "Malian": "Mali", "Sudanese": "Sudan", "Somali": "Somalia",
    "Moroccan": "Morocco", "Algerian": "Algeria", "Tunisian": "Tunisia", "Libyan": "Libya",
    "Lebanese": "Lebanon", "Syrian": "Syria", "Jordanian": "Jordan", "Qatari": "Qatar",
    "Emirati": "United Arab Emirates", "Afghan": "Afghanistan", "Bangladeshi": "Bangladesh",
    "Sri Lankan": "Sri Lanka", "Nepali": "Nepal", "Filipino": "Philippines",
    "Vietnamese": "Vietnam", "Taiwanese": "Taiwan", "Singaporean": "Singapore",
    "Venezuelan": "Venezuela", "Bolivian": "Bolivia", "Ecuadorian": "Ecuador",
    "Paraguayan": "Paraguay", "Uruguayan": "Uruguay", "Cuban": "Cuba", "Haitian": "Haiti",
    "Guatemalan": "Guatemala", "Honduran": "Honduras", "Panamanian": "Panama",
    "Costa Rican": "Costa Rica", "Georgian": "Georgia", "Armenian": "Armenia",
    "Azerbaijani": "Azerbaijan", "Kazakh": "Kazakhstan", "Uzbek": "Uzbekistan",
    "Mongolian": "Mongolia", "Belarusian": "Belarus", "Moldovan": "Moldova",
    "Albanian": "Albania", "Bosnian": "Bosnia and Herzegovina", "Montenegrin": "Montenegro",
    "Macedonian": "North Macedonia", "Kosovar": "Kosovo", "Maltese": "Malta",
    "Cypriot": "Cyprus", "Luxembourgish": "Luxembourg", "Welsh": "Wales", "English": "England",
    "Ivorian": "Ivory Coast", "Liberian": "Liberia", "Malawian": "Malawi",
    "Namibian": "Namibia", "Botswanan": "Botswana", "Mozambican": "Mozambique",
    "Angolan": "Angola", "Congolese": "Congo", "Gabonese": "Gabon", "Burundian": "Burundi",
    "Eritrean": "Eritrea", "Djiboutian": "Djibouti", "Nigerien": "Niger",
    "Burkinabe": "Burkina Faso", "Chadian": "Chad", "Mauritanian": "Mauritania",
    "Gambian": "Gambia", "Beninese": "Benin", "Togolese": "Togo",
    "Sierra Leonean": "Sierra Leone", "Guinean": "Guinea", "Fijian": "Fiji",
    "Kuwaiti": "Kuwait", "Omani": "Oman", "Bahraini": "Bahrain", "Yemeni": "Yemen",
    "Palestinian": "Palestine", "Cambodian": "Cambodia", "Burmese": "Myanmar",
    "Lao": "Laos", "North Korean": "North Korea", "Salvadoran": "El Salvador",
    "Dominican": "Dominican Republic", "Trinidadian": "Trinidad and Tobago",
    "Barbadian": "Barbados", "Bahamian": "Bahamas", "Guyanese": "Guyana",
}

# Words that make a capitalized phrase an organization.
ORG_WORDS = {
    "bank", "organization", "organisation", "union", "council", "committee", "federation",
    "association", "fund", "agency", "group", "inc", "corp", "corporation", "ltd", "ag",
    "sa", "plc", "llc", "gmbh", "nv", "university", "commission", "court", "party", "club",
    "fc", "ministry", "office", "institute", "foundation", "authority", "alliance", "league",
    "board", "company", "co", "holdings", "motors", "airlines", "airways", "systems",
    "technologies", "pharmaceuticals", "energy", "parliament", "assembly", "senate",
    "congress", "government", "cabinet", "society", "trust", "school", "college",
    "program", "programme", "service", "services", "network", "forum", "tribunal",
    "conference", "secretariat", "red", "cross", "crescent", "olympic", "fifa", "uefa",
    "department", "bureau", "diocese", "archdiocese", "centre", "center", "hospital",
    "police", "army", "navy", "command",
}
