"""Leadership transitions in their many phrasings: took over, succeeded, replaces, was
sworn in, assumed office, named / appointed / elected (active and passive), will step
down, retires, hands over, takes the helm, will serve as, to become."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.cast import NAME, ORG_NAME, Cast, cut_trailing_dates, is_country
from extract.dates import find_dates
from extract.lexicon import ROLE_PATTERN
from extract.sentences import Sentence

PRONOUN = r"(?:\b(?:He|She|he|she)\b)"
# Lower-case words that may stand before a name: "founder Pekka Rautio", "her deputy, X".
PRE = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Gen|Sen|Rev)\.?\s+)?" \
      r"(?:(?:the|his|her|their|its|founder|co-founder|outgoing|incumbent|longtime|" \
      r"long-serving|veteran|former|predecessor|deputy|boss|chief|executive|financial|" \
      r"operating|officer|chairman|chairwoman|president|minister|coach|manager|" \
      r"director|assistant|fellow|current|interim|acting|journalist|economist|banker|" \
      r"lawyer|diplomat|official|politician|businessman|businesswoman|professor|" \
      r"newly-elected|newly-appointed|lifelong|company|man|woman|auxiliary)[\s,]+){0,5}" \
      r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Gen)\.?\s+)?"


def _person(group: str, pronoun: bool = False) -> str:
    choices = f"{NAME}|{PRONOUN}" if pronoun else NAME
    return rf"{PRE}(?P<{group}>{choices})"


def _org(group: str) -> str:
    return rf"(?P<{group}>{ORG_NAME})"


ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|" \
    r"twelfth|\d+(?:st|nd|rd|th))"
NEW = rf"(?i:(?:the\s+|its\s+|their\s+|a\s+|an\s+)?(?:{ORDINAL}\s+)?(?:new\s+|next\s+|" \
      rf"incoming\s+|interim\s+|acting\s+|permanent\s+|caretaker\s+|first\s+(?:female\s+|" \
      rf"woman\s+)?)?)"
MODIFIER = r"(?:[a-z][a-z'’-]+\s+)?"


def _role(group: str = "role") -> str:
    return rf"(?P<{group}>{MODIFIER}(?i:{ROLE_PATTERN}))\b"


def _as_role(role: str = "role", org: str = "org", before: str = "org_before") -> str:
    """`as the new Secretary General of NATO`, `as NATO's chief`, `as the body's new head`."""
    return (rf"(?:,?\s+(?:as|to)\s+(?i:(?:the\s+)?(?:post|position|role|office|rank)\s+of\s+)?"
            rf"{NEW}(?:{_org(before)}(?:['’]s)?\s+|[a-z][\w\s]{{1,25}}?['’]s"
            rf"\s+{NEW})?{_role(role)}(?:\s+(?:of|at|for)\s+{_org(org)})?)")


GAP = r"(?:\s*\((?:pictured|[a-z]+\s+pictured|\d{2})\))?" \
      r"(?:,\s*who|(?:,(?:(?!\bthat\b|\bsaid\b)[^,]){1,90}){1,3},|,)?\s+" \
      r"(?:(?i:officially|formally|has|have|had|will|would|been|is|was|also|then|now|" \
      r"appointed|named|chosen|selected|elected|picked|tapped|asked|invited|" \
      r"finally|due|to|set|expected|going|already|soon|" \
      r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+){0,4}"
WHEN = r"(?:\s+(?:on|last|this|next)\s+\w+(?:\.?\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,\s+\d{4})?)?"
AGENT = r"(?:\s+by\s+(?:the\s+)?(?P<agent>[A-Z][\w’'&.\- ]{1,60}?))?"
# "has sworn in X" is what the swearer did, not the newcomer
ACTIVE_NOT = r"(?<!\bhas\s)(?<!\bhave\s)(?<!\bhad\s)"
FUTURE_VERB = r"(?i:will|is\s+to|is\s+set\s+to|is\s+due\s+to|is\s+expected\s+to|would|" \
              r"shall|plans\s+to|is\s+leaving|is\s+stepping)"


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern
    cue: re.Pattern  # a cheap test that a sentence may match at all
    trigger: str = "incoming"  # the slot after which the reporting verb stands
    needs_role: bool = False  # the pattern names no post: the sentence must


def _p(kind: str, cue: str, pattern: str, trigger: str = "incoming",
       needs_role: bool = False) -> Pattern:
    return Pattern(kind, re.compile(pattern), re.compile(cue, re.I), trigger, needs_role)


# A minister's portfolio is part of the post, not an organization: "Education Minister",
# "Minister of Textiles" (a country, "the Dutch Prime Minister", stays the organization).
_MINISTER = re.compile(r"(?i)^(?:(?:cabinet|state|junior|deputy)\s+)?minister$|"
                       r"^(?i:cabinet\s+secretary)$")


def portfolio(role: str, org_text: str) -> bool:
    return bool(_MINISTER.match(role.strip())) and not is_country(org_text.strip()) and \
        not re.search(r"(?i)\b(?:ministry|department|government|council|republic|state)\b",
                      org_text)


# A post's own words, not an organization: "Inspector General of Police", "Chief of Army
# Staff".
_OFFICE_WORD = re.compile(r"^(?:the\s+)?(?:Police|(?:[A-Z]\w+\s+)?Staff)$")


# "Bishop Daniel E. Garcia of Austin, Texas, as …": where a person comes from.
OF_PLACE = r"(?:\s+of\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)?(?:,\s+[A-Z][\w.’'-]+)?(?=,))?"
SUBJECT = r"(?P<subject>(?:[A-Z]|the\s)[^,.;:]{1,90}?)"
CHOOSE = r"(?i:named|appointed|selected|chose|chosen|picked|tapped|hired|elected|nominated|" \
         r"(?:has\s+|have\s+)?(?:drafted|brought)\s+in|promoted|" \
         r"confirmed|names|appoints|selects|elects|(?:has|have)\s+(?:named|appointed|" \
         r"elected|selected|chosen|hired|tapped|confirmed)|voted\s+for)"

# The posts that lead an organization (not a seat on its board or a job in it).
LEADER = r"(?i:chief\s+executive|CEO|managing\s+director|president|chair(?:man|woman|person)?|" \
         r"director[- ]general|secretary[- ]general|general\s+secretary|executive\s+director|" \
         r"head\s+coach|manager|governor|vice[- ]chancellor|principal|editor|dean|" \
         r"chief\s+financial\s+officer|CFO)\b"

PATTERNS = [
    _p("took_office", r"\bover\b",
       rf"{_person('incoming', True)}{GAP}(?i:took|takes|taken|take|taking)\s+"
       rf"over(?:\s+(?:the\s+)?(?:running|leadership|reins|helm)\s+of\s+{_org('org3')})?"
       rf"(?:{_as_role()})?(?:\s+(?:from|after)\s+{_person('outgoing')}"
       rf"(?:\s+at\s+{_org('org4')})?)?(?:{_as_role('role2', 'org2', 'org_before2')})?"),
    _p("took_office", r"\bover\b",
       rf"{_person('incoming', True)}{GAP}(?i:took|takes|take|taking)\s+over\s+"
       rf"(?:at|as\s+head\s+of|the\s+{MODIFIER}(?i:ministry|department|portfolio)"
       rf"(?:\s+of\s+[\w\s]{{1,30}}?)?)\s*(?:{_org('org')})?(?:\s+from\s+{_person('outgoing')})?"),
    _p("took_office", r"\b(?:office|up the|up post|up role|up position)",
       rf"{_person('incoming', True)}{GAP}(?i:took|takes|take|taking|assumed|"
       rf"assumes|assume|assuming)\s+(?:(?i:office|up\s+(?:the\s+)?(?:post|role|position))|"
       rf"(?i:the\s+(?:role|post|position|office)\s+of)\s+{NEW}{_role('role2')}"
       rf"(?:\s+(?:of|at)\s+{_org('org2')})?)"
       rf"(?:\s+(?i:today|yesterday|on\s+\w+day|this\s+\w+))?(?:{_as_role()})?"),
    _p("announced", r"\b(?:start|begin|take up)",
       rf"{_person('incoming', True)}\s+(?i:will|is\s+to|is\s+due\s+to)\s+"
       rf"(?i:start|begin|take\s+up\s+(?:the\s+|her\s+|his\s+)?(?:job|role|post|position|"
       rf"duties))\b"),
    _p("took_office", r"succeed",
       rf"{_person('incoming', True)}{GAP}(?i:succeeded|succeeds|succeed|"
       rf"succeeding)\s+{_person('outgoing')}(?:\s+at\s+{_org('org4')})?(?:{_as_role()})?"),
    _p("took_office", r"replac",
       rf"{_person('incoming', True)}{GAP}(?i:replaced|replaces|replace|"
       rf"replacing)\s+{_person('outgoing')}(?:\s+at\s+{_org('org4')})?(?:{_as_role()})?"),
    _p("took_office", r"(?:replaced|succeeded)\b",
       rf"{_person('outgoing', True)}(?:{GAP}|[^.;]{{0,160}}?\band\s+)(?i:(?:was|is|will\s+be|"
       rf"would\s+be|has\s+been|is\s+being|to\s+be)\s+(?:replaced|succeeded))(?:{_as_role()})?"
       rf"\s+by\s+{PRE}(?:[a-z][\w-]*\s+){{0,6}}?{_person('incoming')}", "outgoing"),
    _p("took_office", r"(?:Replacing|Succeeding) (?:him|her)\b",
       rf"(?:Replacing|Succeeding)\s+(?:him|her)(?:{_as_role()})?\s+(?:will\s+be|is|was)\s+"
       rf"{PRE}"
       rf"(?:(?:his|her)\s+(?:son|daughter|wife|husband|brother|sister|nephew|niece),?\s+)?"
       rf"{_person('incoming')}"),
    _p("sworn_in", r"sworn|inaugurat|installed",
       rf"{_person('incoming', True)}{GAP}(?i:(?:was|were|is|has\s+been|will\s+be|"
       rf"to\s+be|been)\s+)?{ACTIVE_NOT}(?i:sworn\s+in(?:to\s+office)?|sworn\s+into\s+office|"
       rf"inaugurated|installed){WHEN}{_as_role()}"),
    # "President Buhari has sworn in Solomon Arase as the new chairman of …": the swearer
    # is the subject, the newcomer the object
    _p("sworn_in", r"\bsw(?:ore|orn|ears)\s+in\b",
       rf"(?P<swearer>(?:[A-Z]|the\s)[^,.;:]{{1,90}}?)\s+(?:(?:has|have|had)\s+)?"
       rf"(?i:sworn|swore|swears)\s+in\s+"
       rf"{_person('incoming')}(?:\s*\([^)]{{1,20}}\))?{_as_role()}"),
    _p("sworn_in", r"sworn|oath",
       rf"{_person('incoming', True)}{GAP}(?i:(?:was|were|is|has\s+been|will\s+be|"
       rf"to\s+be|been)\s+)?{ACTIVE_NOT}(?i:sworn\s+in(?:to\s+office)?|sworn\s+into\s+office|"
       rf"took\s+the\s+oath\s+of\s+office|has\s+taken\s+the\s+oath\s+of\s+office)",
       needs_role=True),
    _p("appointed", r"named|appointed|chosen|selected|picked|tapped|confirmed|promoted|"
                    r"nominated|hired|approved",
       rf"{_person('incoming', True)}{GAP}(?i:(?:was|were|is|has\s+been|had\s+"
       rf"been|will\s+be|been)\s+)(?:(?i:formally|officially|unanimously|also|now|today)\s+)?(?i:named|appointed|chosen|selected|picked|tapped|confirmed|"
       rf"promoted|nominated|hired|approved){WHEN}{AGENT}{WHEN}(?:{_as_role()}|\s+{NEW}"
       rf"(?:{_org('org_before2')}(?:['’]s)?\s+)?{_role('role2')}(?:\s+(?:of|at|for)\s+"
       rf"{_org('org2')})?)"),
    _p("elected", r"elected|voted in",
       rf"{_person('incoming', True)}{GAP}(?i:(?:was|were|is|has\s+been|had\s+been|"
       rf"will\s+be|been)\s+)(?:(?i:formally|officially|unanimously|also|now|today)\s+)?(?i:elected|re-elected|voted\s+in){WHEN}{AGENT}{WHEN}"
       rf"(?:{_as_role()}|\s+{NEW}(?:{_org('org_before2')}(?:['’]s)?\s+)?{_role('role2')}"
       rf"(?:\s+(?:of|at|for)\s+{_org('org2')})?)"),
    _p("appointed", r"name|appoint|select|chose|picked|tapped|hired|elect|nominated|"
                    r"confirmed|voted for|promoted",
       rf"{SUBJECT}{WHEN}\s+(?<!\bbeen\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bis\s)(?<!\bbe\s)"
       rf"(?P<verb>{CHOOSE}){WHEN}\s+(?:(?!(?i:from|to)\b)[\w-]+,?\s+){{0,4}}?"
       rf"{_person('incoming')}{OF_PLACE}(?:,[^,]{{1,90}},)?(?:\s+to\s+(?:succeed|replace)\s+"
       rf"{_person('outgoing')})?(?:{_as_role()}|\s+{NEW}{_role('role2')}(?:\s+(?:of|at|for)"
       rf"\s+{_org('org2')})?|,\s+{NEW}{_role('role3')}(?=,|\.|\s+effective|\s+and\s+[A-Z])|\s+to\s+"
       rf"(?i:lead|head|run|manage|chair|coach)\s+(?:the\s+)?(?:{_org('org3')}|[a-z][\w\s-]{{2,30}}?"
       rf"\s+of\s+{_org('org4')}|[a-z][\w\s-]{{2,40}}?(?=\s+for\b|[,.])))"),
    _p("took_office", r"became|becomes|become|becoming|serve|serving",
       rf"{_person('incoming', True)}{GAP}(?i:became|becomes|become|becoming|"
       rf"will\s+serve|to\s+serve|would\s+serve|serves|(?<!was\s)(?<!were\s)serving)"
       rf"\s+(?:as\s+)?{NEW}(?:{_org('org_before')}['’]s\s+)?"
       rf"{_role()}(?:\s+(?:of|at)\s+{_org('org')})?"),
    _p("took_office", r"\bnew\b",
       rf"{_person('incoming', True)}{GAP}(?i:is|was|becomes|became|will\s+be)\s+(?:(?i:the|its|"
       rf"their)\s+(?:{ORDINAL}\s+)?(?i:new)\s+(?:{_org('org_before')}(?:['’]s)?\s+)?|"
       rf"{_org('org_before2')}['’]s?\s+(?:{ORDINAL}\s+)?(?i:new)\s+){_role()}"
       rf"(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    _p("elected", r"\bwon\b|\bwins\b",
       rf"{_person('incoming', True)}{GAP}(?i:won|wins|has\s+won)\s+(?:the\s+)?{_org('org')}\s+"
       rf"(?i:leadership\s+(?:election|contest|race|ballot|vote)|presidential\s+election)"),
    _p("announced", r"\bact\b",
       rf"{_person('incoming', True)}{GAP}(?i:will\s+act|to\s+act|acts|is\s+acting)\s+as\s+"
       rf"{NEW}{_role()}(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    # "X filled in as interim president", "Y filled Z's shoes as interim dean": stand-ins
    _p("took_office", r"\bfill(?:s|ed|ing)?\s+in\b|\bshoes\b",
       rf"{_person('incoming', True)}{GAP}(?i:filled|fills|fill|filling|will\s+fill)\s+"
       rf"(?:in|(?:{PRE}(?P<outgoing>{NAME})['’]s?|(?i:his|her|their))\s+shoes)\s+as\s+"
       rf"{NEW}(?:{_org('org_before')}['’]s\s+)?{_role()}(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    # "Koome was serving as the Commandant of the Police College, the position that has now
    # been taken over by X": the post named, then who fills it
    _p("took_office", r"\b(?:position|post|role|job|office)\s+(?:that|which)\b",
       rf"{_person('outgoing', True)}\s+(?i:was\s+serving|served|had\s+served|had\s+been|"
       rf"has\s+been|was)\s+as\s+{NEW}{_role()}(?:\s+(?:of|at)\s+{_org('org')}"
       rf"(?:,\s+[A-Z][\w’'-]+)?)?,\s+(?i:a|the)\s+(?i:position|post|role|job|office)\s+"
       rf"(?i:that|which)\s+(?i:has\s+(?:now\s+)?been|was|is\s+now|will\s+be)\s+"
       rf"(?i:taken\s+over|filled|taken|assumed)\s+by\s+(?:[a-z][\w-]*\s+){{0,4}}?"
       rf"{_person('incoming')}"),
    # "X will step in as interim chief executive": a stand-in is an office holder too.
    _p("announced", r"\bstep(?:s|ped|ping)?\s+in\b",
       rf"{_person('incoming', True)}{GAP}(?i:will\s+step|to\s+step|steps|stepped|"
       rf"is\s+stepping|has\s+stepped)\s+in\s+as\s+{NEW}(?:{_org('org_before')}['’]s\s+)?"
       rf"{_role()}(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    _p("announced", r"to become",
       rf"{_person('incoming', True)}[^.;]{{0,90}}?\bto\s+become\s+{NEW}"
       rf"(?:{_org('org_before')}['’]s\s+)?{_role()}(?:\s+(?:of|at)\s+{_org('org')})?"),
    # "ratifying the election of his rival Rep. Lord Allan Velasco as speaker"
    _p("elected", r"election\s+of",
       rf"(?i:the)\s+(?i:election)\s+of\s+(?:(?:his|her|their)\s+(?:rival|deputy|ally)\s+)?"
       rf"(?:(?:Rep|Sen|Hon)\.?\s+)?{_person('incoming')}{_as_role()}"),
    _p("appointed", r"appointment\s+of",
       rf"(?:{SUBJECT}\s+(?:(?:on|this|last)\s+\w+\s+)?(?:(?:has|have)\s+)?(?i:announced|"
       rf"confirmed|welcomed|approved)\s+the\s+)?(?i:appointment)\s+of\s+{_person('incoming')}"
       rf"(?:(?:,[^,]{{1,60}},)?{_as_role()}|\s*(?:[A-Z]{{2,4}}\s*)?\.$)"),
    _p("sworn_in", r"government|cabinet",
       rf"{SUBJECT}\s+(?:(?:has|have)\s+)?(?i:sworn\s+in|formed|swore\s+in)\s+(?:a|the|its)\s+"
       rf"(?:new\s+)?(?i:government|cabinet|coalition)\s+(?i:led|headed)\s+by\s+"
       rf"{_person('incoming')}"),
    _p("took_office", r"\bhelm\b|\breins\b|\bcharge\b",
       rf"{_person('incoming', True)}{GAP}(?i:took|takes|take|taken|taking)\s+"
       rf"(?:over\s+)?(?:the\s+helm|the\s+reins|(?:the\s+)?charge)(?:\s+(?:of|at)\s+{_org('org')})?"
       rf"(?:{_as_role('role2', 'org2', 'org_before2')})?(?:[^.;]{{0,40}}?,\s+(?:replacing|"
       rf"succeeding)\s+{_person('outgoing')})?"),
    _p("stepped_down", r"step|stepping",
       rf"{_person('outgoing', True)}{GAP}(?i:stepped|steps|step|stepping)\s+"
       rf"down(?:{_as_role()})?(?:[^.]{{0,120}}?(?i:handing\s+over\s+to|to\s+be\s+replaced\s+by"
       rf"|succeeded\s+by|replaced\s+by|successor,?)\s+{_person('incoming')})?", "outgoing"),
    _p("stepped_down", r"\bhand",
       rf"{_person('outgoing', True)}{GAP}(?i:handed|hands|hand|handing)\s+"
       rf"over\s+(?:(?:the\s+|his\s+|her\s+|its\s+)?(?:reins|leadership|presidency|role|post|"
       rf"job|stewardship|mantle|baton|office|chairmanship|chairpersonship|command)\s+)?"
       rf"(?:of\s+{_org('org3')}\s+)?to\s+{_person('incoming')}(?:{_as_role()})?", "outgoing"),
    _p("stepped_down", r"resign|retir|\bquit",
       rf"{_person('outgoing', True)}{GAP}(?i:resigned|resigns|resign|"
       rf"resigning|retired|retires|retire|retiring|quit|quits)(?:\s+(?:as\s+{NEW}{_role()}"
       rf"(?:\s+(?:of|at)\s+{_org('org')})?|from\s+{_org('org2')}|{_org('org3')}))?",
       "outgoing"),
    # "Lagarde has stepped down to replace Mario Draghi as president of the ECB"
    _p("announced", r"(?:down|resigned|quit|quits|resigns)\s+(?:[^,.;]{1,60}?\s+)?to\s+"
                    r"(?:replace|succeed)",
       rf"{_person('incoming', True)}{GAP}(?i:stepped|steps|stepping|step|will\s+step)?\s*"
       rf"(?i:down|resigned|resigns|quit|quits)\s+(?:[^,.;]{{1,60}}?\s+)?to\s+(?i:replace|"
       rf"succeed)\s+{_person('outgoing')}(?:{_as_role()})?"),
    _p("announced", r"\bto\s+lead\b",
       rf"{_person('incoming', True)}{GAP}(?i:is|are)\s+to\s+lead\s+{_org('org')}",
       needs_role=True),
    # "… and placed his assistant, Carla Mendes, in interim charge of the first team"
    _p("appointed", r"\bin\s+(?:interim\s+|temporary\s+|caretaker\s+)?charge\b",
       rf"(?i:placed|places|put|puts|left)\s+(?:(?:his|her|their|its)\s+[a-z]+,?\s+)?"
       rf"{_person('incoming')},?\s+in\s+(?i:interim\s+|temporary\s+|caretaker\s+)?charge"),
    # "X will join West Herts Hospitals NHS Trust in July replacing Y": a newcomer who
    # joins in someone's place (joining alone may be a board seat or a career step), or
    # who joins as its head (`has joined Orvane Systems as chief executive`).
    _p("announced", r"\bjoin",
       rf"{_person('incoming', True)}{GAP}(?i:will\s+join|is\s+to\s+join|is\s+due\s+to\s+"
       rf"join|is\s+joining|joins|to\s+join|has\s+joined|joined)\s+{_org('org')}(?:[^.;]{{0,60}}?"
       rf",?\s+(?i:replacing|succeeding|in\s+place\s+of)\s+{_person('outgoing')}|"
       rf"[^.;,]{{0,40}}?\s+as\s+(?:(?i:its|their)\s+(?i:new\s+)?|(?={LEADER})){_role()})"),
    # Reshuffles: "X was made the new Health Minister", "Y will now be the Minister of
    # Textiles", "Z will be the Minister of Law and Justice".
    _p("appointed", r"\bmade\b",
       rf"{_person('incoming', True)}{GAP}(?i:has\s+been|have\s+been|was|were|is)\s+made\s+"
       rf"{NEW}(?:{_org('org_before')}(?:['’]s)?\s+)?{_role()}(?:\s+(?:of|at|for)\s+"
       rf"{_org('org')})?"),
    _p("announced", r"\bwill\s+(?:now\s+)?be\s+the\b",
       rf"{_person('incoming', True)}\s+(?i:will\s+(?:now\s+)?be)\s+(?i:the|its)\s+"
       rf"{_role()}(?:\s+(?:of|at|for)\s+{_org('org')})?"),
    # "Z has been given charge of Information and Broadcasting": a portfolio.
    _p("appointed", r"\bgiven\s+(?:the\s+)?charge\s+of\b",
       rf"{_person('incoming', True)}{GAP}(?i:has\s+been|have\s+been|was|were)\s+given\s+"
       rf"(?:the\s+)?charge\s+of\s+(?:the\s+)?(?:(?i:newly)[- ]created\s+)?"
       rf"(?:Ministry\s+of\s+)?(?P<portfolio>[A-Z][\w’'-]*(?:\s+(?:and|of|&|[A-Z][\w’'-]*))"
       rf"{{0,5}})"),
    # "The next Conservative Party Leader has been confirmed as Kemi Badenoch": the post
    # first, the person after.
    _p("appointed", r"\b(?:confirmed|named|announced|unveiled)\s+as\b",
       rf"(?i:the)\s+(?i:new|next|incoming)\s+(?:{_org('org_before')}\s+)?{_role()}"
       rf"(?:\s+(?:of|at|for)\s+{_org('org')})?\s+(?i:has\s+been|was|is|will\s+be)\s+"
       rf"(?i:confirmed|named|announced|unveiled)\s+as\s+{_person('incoming')}"),
    # Dismissals: "X was sacked as manager", "Denel fired its CFO Odwa Mhlwana".
    _p("stepped_down", r"sacked|fired|dismissed|ousted|removed|axed|deposed|toppled|"
                       r"forced out|pushed out|relieved|stripped",
       rf"{_person('outgoing', True)}{GAP}(?i:was|were|been|being|got)\s+(?i:sacked|fired|"
       rf"dismissed|ousted|removed|axed|deposed|toppled|forced\s+out|pushed\s+out|"
       rf"relieved\s+of\s+(?:his|her|their)\s+(?:duties|post|position|role|command)|"
       rf"stripped\s+of\s+(?:his|her|their)\s+(?=[\w\s-]{{1,40}}?\s+(?:role|title|post|"
       rf"position)\b)(?P<role2>{MODIFIER}(?i:{ROLE_PATTERN}))\b\s+(?i:role|title|post|"
       rf"position))(?:\s+(?:as\s+{NEW}{_role()}(?:\s+(?:of|at)\s+{_org('org')})?|"
       rf"(?:at|of)\s+{_org('org3')}|by\s+{_org('org2')}))?", "outgoing"),
    _p("stepped_down", r"sacked|fired|dismissed|ousted",
       rf"(?:{SUBJECT}\s+(?:has\s+|had\s+|have\s+)?)?(?i:sacked|fired|dismissed|ousted)\s+"
       rf"(?:(?i:its|their|the|his|her)\s+)?(?:{_org('org_before')}(?:['’]s)?\s+)?{_role()},?\s+"
       rf"{_person('outgoing')}", "outgoing"),
    _p("stepped_down", r"\bleav|\bleft\b",
       rf"{_person('outgoing', True)}{GAP}(?i:is\s+leaving|will\s+leave|left|"
       rf"leaves|to\s+leave|would\s+(?:be\s+)?leav(?:e|ing))\s+"
       rf"(?:(?i:office|the\s+(?:post|job|role|company|club|board|"
       rf"government|bank))|(?i:his|her|their)\s+(?i:post|job|role|position)\s+as\s+{NEW}"
       rf"(?:{_org('org_before')}['’]s\s+)?{_role()}(?:\s+(?:of|at)\s+{_org('org2')})?|"
       rf"{_org('org')})", "outgoing"),
    # "X is to leave the charity to take the reins at Y": a move, told as the leaving
    _p("announced", r"\bto\s+(?:take|join|head|lead|run)\b",
       rf"{_person('incoming', True)}{GAP}(?i:leave|leaves|leaving|left|quit|quits|quitting|"
       rf"resign|resigns|resigned|resigning|step\s+down|steps\s+down|stepped\s+down|"
       rf"stepping\s+down)\b[^.;]{{0,120}}?\bto\s+(?i:take\s+(?:over\s+)?(?:the\s+reins|"
       rf"the\s+helm|charge)\s+(?:at|of)|take\s+over\s+(?:at|as\s+head\s+of)|head|lead|"
       rf"run|join)\s+{_org('org')}(?:{_as_role('role2', 'org2', 'org_before2')})?"),
]

# "promoted X, general manager of the Akron Beacon Journal, to …": where X works now.
_WITHIN = re.compile(rf",\s+(?:its\s+|the\s+)?[a-z][\w\s-]{{1,40}}?\s+(?:of|at)\s+"
                     rf"(?:the\s+)?(?P<org>{ORG_NAME}),\s+to\b")
_SUCCEEDING = re.compile(rf",\s+(?i:succeeding|replacing|taking\s+over\s+from)\s+{PRE}"
                         rf"(?P<outgoing>{NAME})")
_EFFECTIVE = re.compile(
    r"(?i:effective|as\s+of|starting|from|(?:take|takes|taking|assume|assumes)\s+(?:office|over|"
    r"up\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?:new\s+)?(?:post|role|position|job|"
    r"duties)|(?:his|her|their)\s+(?:new\s+)?(?:functions|duties|role|post|position)|"
    r"the\s+role(?:\s+of\s+[^.;]{1,60}?)?)(?:\s+from\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)"
    r"{0,3})?(?:\s+(?:when|once|as)\s+[^.;]{0,50}?)?\s+(?:on|in)|"
    r"takes?\s+effect\s+on|will\s+[\w-]+(?:\s+[\w-]+){0,3}\s+(?:on|in)|"
    r"(?:step|stepping)\s+down\s+(?:on|in|at)|"
    r"retire\s+(?:on|in|at)|(?:will|to|is\s+due\s+to)\s+(?:start|begin|join)(?:\s+work|\s+"
    r"(?:his|her|their)\s+(?:new\s+)?(?:job|role|post|duties|work))?(?:\s+at\s+[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+){0,3})?(?:\s+(?:on|in))?|with\s+effect\s+(?:from|as\s+of)"
    r"(?:\s+on)?)(?:\s+(?:early|late|later))?\s+(?:the\s+end\s+of\s+)?$")
# "who was bishop from 2004 until his death", "had led it since 2017": a past tenure's
# bounds, not the start of the post the sentence reports.
_TENURE = re.compile(r"(?i)\b(?:was|were|been|served|serving|held|had\s+led|has\s+led|"
                     r"led|headed|ran)\b[^.;,]{0,40}?\b(?:from|since|between)\s+$")
_IMMEDIATE = re.compile(r"(?i)\b(?:effective\s+immediately|with\s+immediate\s+effect|"
                        r"with\s+effect\s+from\s+today)\b")
_LEAD_IN = re.compile(r"(?i:on|in|from|since|by|until|of|early|late|mid-?)\s+")
_SPAN_END = re.compile(r"\s+(?:to|and|until)\s+(?:19|20)\d\d")
_SPAN_YEAR = re.compile(r"(?i:from|since|between|until|to|and)\s+$")
_ANNOUNCED_ON = re.compile(r"\b(?:said|says|announced|announces|confirmed|told\s+\w+|"
                           r"reported|statement)\s+(?:on\s+|late\s+|early\s+)?$", re.I)
# "On Monday, Kelt Media announced that …": a date opening the sentence before its speaker
# is the day something was said.
_SPEAKER_AFTER = re.compile(r",?\s+(?:the\s+)?(?:[A-Z][\w.’'&-]*\s+){1,6}(?:has\s+|have\s+)?"
                            r"(?:said|says|announced|announces|confirmed|confirms|told\s+\w+)\b")
_DATELINE = re.compile(r"^\s*\([A-Z][A-Za-z .]{1,30}\)\s*[-—–]+\s+|"  # "(Alliance News) - "
                       r"^[A-Z][A-Za-z .'’,-]{1,60}?(?:,\s+[^()\n]{3,25}?)?\s*(?:\([A-Za-z .]+\))?"
                       r"\s*[-—–]+\s+")


@dataclass
class Transition:
    org: str | None
    role: str | None
    incoming: str | None
    outgoing: str | None
    effective: str | None
    kind: str
    evidence: str
    explicit: bool = False  # the text introduced the date as the day it takes effect
    weak_org: bool = False  # the organization is not in the pattern's own slots
    confidence: float = 0.5  # set by the extractor once the article is read (0..1)
    ceremony: bool = False  # a swearing-in whose sentence names no post: only dates another

    def as_json(self) -> dict:
        return {"org": self.org, "role": self.role, "incoming": self.incoming,
                "outgoing": self.outgoing, "effective": self.effective, "kind": self.kind,
                "evidence": self.evidence, "confidence": self.confidence}


# Rank words that begin a title; before a post they are part of it, not its organization.
_RANK = re.compile(r"(?:(?:Vice|Deputy|Acting|Interim|Assistant|Associate)\s*)+")


def without_dateline(text: str) -> str:
    """`GENEVA, March 3 (Reuters) - Amina …` → `Amina …`, keeping offsets by blanking."""
    match = _DATELINE.match(text)
    return " " * match.end() + text[match.end():] if match else text


def _title_role(title: str) -> str | None:
    match = re.search(ROLE_PATTERN, title, re.I)
    if match and re.search(r"(?i)\b(?:former|ex-|outgoing)", title[:match.start()]):
        return None  # "Former ArcelorMittal South Africa CEO Wim de Klerk": his old post
    return match.group(0) if match else None


def _free_role(text: str, incoming: str | None) -> str | None:
    """A post the sentence names that is not another person's title (`sworn in by Mayor
    Bill de Blasio` names the mayor, not the new commissioner's post)."""
    for match in re.finditer(ROLE_PATTERN, text, re.I):
        if not (match.start() == 0 or not text[match.start() - 1].isalnum()):
            continue
        after = text[match.end():match.end() + 40]
        name = re.match(r"\s+([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)*)", after)
        if name and (not incoming or name.group(1) not in incoming):
            continue
        if name and re.search(r"(?i)\b(?:former|ex-|outgoing)\b[^,.;]{0,40}$",
                              text[:match.start()]):
            continue  # the newcomer's old post ("Former … CEO Wim de Klerk has taken over")
        return match.group(0)
    return None


_NEW_WORDS = re.compile(r"(?i)^(?:new|next|incoming|newly[- ]\w+|first|\d+(?:st|nd|rd|th)|"
                        r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))\s+")


def role_case(role: str | None) -> str | None:
    if not role:
        return None
    while _NEW_WORDS.match(role):
        role = _NEW_WORDS.sub("", role, count=1)
    if role.lower() in ("ceo", "cfo", "coo"):
        return role.upper()
    return " ".join(w if w.isupper() or (index and w in _SMALL) else w[:1].upper() + w[1:]
                    for index, w in enumerate(role.split()))


_SMALL = {"of", "for", "and", "the", "at", "in", "on", "to"}


# After the report, a date of the newcomer's earlier step is not this one's (`… by Mr
# Johnson, seen as front-runner following his appointment as president in June 1996`).
_EARLIER_STEP = re.compile(r"(?i)\b(?:following|after|since)\s+(?:his|her|their)\s+"
                           r"(?:appointment|election|promotion|arrival)\b[^.;]{0,60}$")


# "X will succeed Y at A in April, and Z will take over from W in September": a date
# introduced after another clause opens is that clause's.
_NEXT_CLAUSE = re.compile(r",\s+(?:and|while|whereas|but)\s+|;\s+")


_WHO_ASIDE = re.compile(r",\s+(?:who\s+(?:was|were|had|has)|whom)\b[^,;]*,")


def effective_date(text: str, published, trigger: int) -> tuple[str | None, bool]:
    """The date the transition takes effect, and whether the text says so explicitly: one
    introduced as such (`effective March 1`, `will take office on 1 September`) first, else
    the one nearest the reporting verb; never the day something was merely said, nor a
    year that bounds another span (`commanded the army from 2016 to 2021`)."""
    found = find_dates(text, published)
    # "X, who was stripped of his chairman role in October, has resigned": a date in a
    # clause about the person is not the transition's
    asides = [m.span() for m in _WHO_ASIDE.finditer(text) if not m.start() < trigger < m.end()]
    found = [d for d in found if not any(start <= d.start < end for start, end in asides)]

    def before(date, width: int) -> str:
        """The text before a date, its own lead-in word (`on`, `from`) included."""
        lead = _LEAD_IN.match(text, date.start)
        return text[max(0, date.start - width):lead.end() if lead else date.start]

    effective = [d for d in found if _EFFECTIVE.search(before(d, 80))
                 and not _SPAN_END.match(text, d.end) and not _TENURE.search(before(d, 60))
                 and not _NEXT_CLAUSE.search(text, trigger, max(trigger, d.start))]
    if effective:
        return effective[0].date.iso(), True
    dates = [d for d in found
             if not _ANNOUNCED_ON.search(before(d, 40)) and not _TENURE.search(before(d, 60))
             and not (re.fullmatch(r"(?i)\s*(?:on|late|early|earlier)?\s*", text[:d.start])
                      and _SPEAKER_AFTER.match(text, d.end))
             and not (d.start > trigger and _EARLIER_STEP.search(before(d, 80)))
             and not (d.date.precision == "year" and (_SPAN_YEAR.search(before(d, 10))
                                                      or _SPAN_END.match(text, d.end)))]
    if not dates:
        if published is not None and _IMMEDIATE.search(text):  # the day of the decision
            return _published_iso(published), True
        return None, False
    nearest = min(dates, key=lambda d: min(abs(d.start - trigger), abs(d.end - trigger)))
    return nearest.date.iso(), False


# "has been sworn in", "has taken over": the news of the day the article was published.
_JUST_NOW = re.compile(r"(?i)\b(?:has|have)\s+(?:been\s+sworn|sworn\s+in|taken\s+(?:over|"
                       r"office|charge|the\s+(?:helm|reins|oath))|assumed|been\s+(?:elected|"
                       r"voted\s+in|appointed|named|confirmed)|won)|\bis\s+(?:now\s+)?(?:the|[^.;,]{1,40}?['’]s?)"
                       r"\s+new\b")


def _published_iso(published) -> str:
    precision = getattr(published, "precision", "day")
    iso = published.isoformat()
    return iso[:7] if precision == "month" else iso[:4] if precision == "year" else iso


def _future(text: str) -> bool:
    return bool(re.search(rf"\b{FUTURE_VERB}\b", text))


_SAID = re.compile(rf"^\s*(?P<org>{ORG_NAME})(?:\s+\([A-Z]{{2,8}}\))?(?:,[^,]{{1,70}},)?\s+"
                   r"(?:on\s+\w+\s+)?(?i:said|says|announced|confirmed|is\s+searching|"
                   r"has\s+begun|named|appointed|elected)")
_OF_ORG = re.compile(rf"(?:\bof|\bat)\s+(?P<org>{ORG_NAME})|(?P<owner>{ORG_NAME})['’]s\b")


_ELECTORS = re.compile(r"(?i)^(?:the\s+)?(?:parliament|bundestag|senate|congress|assembly|"
                       r"national\s+assembly|lawmakers|legislature|house|voters|members|"
                       r"delegates|general\s+assembly)\b")


_GOVERNING = re.compile(r"(?:['’]s)?\s+(?:Board\s+of\s+(?:Trustees|Directors|Governors|"
                        r"Regents)|Board|Trustees|Governing\s+Council)$")
_LEAD = re.compile(rf"(?P<org>{ORG_NAME})\s+(?:told|said|says|announced|confirmed)\b")


# "Barts Health Trust, which runs Whipps Cross Hospital, announced …": the subject is the
# organization before the relative clause, not the one inside it.
# "Gillespie, a former Navy commander, will succeed": a past post, not the one filled
_PAST_APPOSITIVE = re.compile(r"(?i),\s*(?:a|an|the)\s+(?:former|ex-)[^,.;]{1,60},")
_RELATIVE = re.compile(rf"(?P<org>{ORG_NAME}),\s+(?:which|that)\s+[a-z]+\s+[^,]{{1,80}}?$")


def _subject_org(subject: str, cast: Cast, people: set[str]) -> str | None:
    """The organization a sentence's subject names: `Lumatek`, `Shareholders of Kessler
    Motoren`, `The International Monetary Fund's executive board`; never a body that
    only votes (`elected by the Bundestag`)."""
    clean = re.sub(r"\s+\([A-Z]{2,8}\)", "", subject.strip())
    head = re.match(ORG_NAME, clean)
    head_text = cut_trailing_dates(head.group(0)) if head else ""
    governed = _GOVERNING.sub("", head_text)  # "The University of Vermont Board of Trustees"
    if governed and governed != head_text:
        org = cast.organization(governed)
        if org and org not in people:
            return org
    bodies = re.sub(r"\b[Bb]oard\s+of\s+(?:Directors|Trustees|Governors|Regents)\b", "Board",
                    clean)  # "the company's Board of Directors" names no organization
    for match in _OF_ORG.finditer(bodies):
        org = cast.organization(match["org"] or match["owner"])
        if org and org not in people:
            return org
    if _ELECTORS.match(clean):
        return None
    lead = _LEAD.match(clean)  # "Gijima told shareholders … that it had appointed"
    if lead and not cast.person(lead["org"], register=False):
        org = cast.organization(lead["org"])
        if org and org not in people:
            return org
    org = cast.organization(clean)
    return org if org and org not in people else None


def _announcing_org(text: str, cast: Cast, people: set[str]) -> str | None:
    """`Brightwell, the homewares retailer, said on Thursday that …` → Brightwell."""
    match = _SAID.match(text)
    if match:
        org = cast.organization(match["org"])
        if org and org not in people:
            return org
    return None


# "chairman of the police service commission (PSC)": a name written in lower case, its
# initials after it say it is one.
_LOWER_NAMED = re.compile(r"\b(?:of|at)\s+the\s+(?P<name>[a-z]+(?:\s+[a-z]+){1,5})\s+"
                          r"\((?P<short>[A-Z]{2,6})\)")


_SMALL_WORDS = {"of", "and", "for", "the"}


def _lower_case_org(text: str) -> str | None:
    """The organization whose initials follow its name in lower case, title-cased."""
    for match in _LOWER_NAMED.finditer(text):
        words = match["name"].split()
        for start in range(len(words)):  # "the federal police service commission (PSC)"
            kept = words[start:]
            if "".join(w[0] for w in kept if w not in _SMALL_WORDS).upper() == match["short"]:
                return " ".join(w if w in _SMALL_WORDS else w.capitalize() for w in kept)
    return None


def _slot(match: re.Match, cast: Cast, name: str, text: str) -> str | None:
    """The person in a pattern's slot; a pronoun is the sentence's subject when a person
    is named before it (`Lula … as he was sworn in`), else the last person mentioned."""
    value = match.groupdict().get(name)
    if not value:
        return None
    if re.fullmatch(PRONOUN, value):
        # who leaves is the nearest person before (`X will replace Y when he leaves`); who
        # arrives, the sentence's subject
        candidates = list(re.finditer(NAME, text[:match.start(name)]))
        for candidate in reversed(candidates) if name == "outgoing" else candidates:
            person = cast.person(candidate.group(0), register=False)
            if person and person in cast.people:
                return person
            if person and _SAYS.match(text, candidate.end()):
                return cast.person(candidate.group(0))  # "X said she would step down"
        if name == "incoming" and cast.last_incoming:  # "She replaces X": the appointee
            return cast.last_incoming
        return cast.last_person
    return cast.person(value)


# A speaker's verb after a name: the pronoun after it is the speaker (`X said on Monday that
# she would step down`, `X announced he had resigned`).
_SAYS = re.compile(r",?\s+(?:has\s+|had\s+)?(?:said|says|announced|announces|told\s+\w+|"
                   r"confirmed|confirms|revealed|reveals|wrote|writes|declared|declares)\b")


# A name right after leaving or joining is where someone worked or will work, not who
# arrives (`X will leave Kelt Media to become chief executive`).
_LEFT_OR_JOINED = re.compile(r"(?i)\b(?:leave|leaves|leaving|left|quit|quits|quitting|join|"
                             r"joins|joined|joining|exit|exits|exited|exiting|depart(?:s|ed|ing)?"
                             r"\s+from|poached\s+from|hired\s+from|of\s+the|at\s+the|from\s+the)\s+(?:the\s+)?$")


# A person named as another's kin or circle (`The son of X, Y, became …`): Y is the one
# the sentence is about.
_KIN_OF = re.compile(r"(?i)\b(?:son|daughter|wife|husband|widow|widower|father|mother|"
                     r"brother|sister|nephew|niece|cousin|grandson|granddaughter|child|"
                     r"children|relative|friend|ally|aide|protégé|protege|spokesman|"
                     r"spokeswoman|spokesperson|adviser|advisor|lawyer|partner)\s+(?:of|to)"
                     r"\s+(?:the\s+late\s+|former\s+)?$")


# A body's part named with its possessive (`Orvane Systems' Estonian unit`): the body.
_UNIT = re.compile(r"(?P<parent>.+?)['’]s?\s+[A-Z][\w-]*$")
_UNIT_WORD = re.compile(r"\s+(?:unit|arm|subsidiary|division|branch|business|operations?|"
                        r"office|affiliate|chapter|wing)\b")


# Rumours, reports and possibilities are not transitions (`media reports that X will step
# down`, `could become`, `reportedly in talks`).
_RUMOUR = re.compile(r"(?i)\b(?:media\s+reports?|reports?\s+(?:that|had\s+suggested|"
                     r"suggested|suggest)|reportedly|rumou?r(?:s|ed)?|speculat\w+|"
                     r"people\s+familiar|could|might|denied|denies|in\s+talks|"
                     r"is\s+considering|are\s+considering)\b")
# Words that make a person a candidate (`X, tipped to succeed Y`); after the report, in a
# clause describing the newcomer, they do not (`… by Mr Johnson, widely seen as
# front-runner for the post following his appointment …`).
_CANDIDATE = re.compile(r"(?i)\b(?:frontrunner|front-runner|tipped|in\s+line\s+(?:to|for)|"
                        r"favou?rite|shortlist(?:ed)?|contenders?|in\s+the\s+running)\b")

def _candidate(text: str, match: re.Match) -> bool:
    """A candidate's sentence (`X, tipped to succeed Y`, `X is in line to become chair`),
    unless it goes on to say what did happen (`X, the favourite, was appointed on Monday`)."""
    cue = _CANDIDATE.search(text, 0, match.end())
    return cue is not None and not _DONE_AFTER.search(text, cue.end(), match.end())


# What is wanted, asked for, refused or merely tried is not what happened: an infinitive
# ("to resign", "to become") governed by a wish, a demand, a refusal or an attempt
# (`shareholders called on X to resign`, `X declined an offer to become chairman`, `her bid
# to succeed Y`), or a bare verb after a proposal (`proposed that X replace Y`). A contest
# is not among them: its winner is real (`won the race to succeed Y`).
_NOT_DONE_CUE = re.compile(r"(?i)\b(?:wants?|wanted|hop|seek|sought|aim|tr(?:y|ied|ies)|"
                           r"attempt|bid|campaign|vying|vies|lobb|push|urg|call|press|demand|"
                           r"refus|declin|reject|threat|offer|reluctan|unwilling|fail|propos|"
                           r"suggest|recommend|insist)")
_INFINITIVE = (r"(?:(?:be\s+)?(?:named|appointed|elected|sworn\s+in)|become|succeed|replace|"
               r"take\s+(?:over|charge|the\s+helm|the\s+reins)|lead|head|run|chair|resign|quit|"
               r"step\s+(?:down|aside)|stand\s+(?:down|aside)|leave|retire|serve)")
_NOT_DONE = re.compile(
    r"(?i)\b(?:(?:wants?|wanted|hop(?:es?|ed|ing)|seek(?:s|ing)?|sought|aim(?:s|ed|ing)?|"
    r"tr(?:y|ies|ied|ying)|attempt(?:s|ed|ing)?|bid(?:s|ding)?|campaign(?:s|ed|ing)?|vying|"
    r"vies|lobb(?:y|ies|ied|ying)|push(?:es|ed|ing)?\s+for|urg(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)?\s+(?:on|upon|for)|press(?:es|ed|ing|ured)|demand(?:s|ed|ing)?|"
    r"refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|reject(?:s|ed|ing)?|threat(?:en|ens|ened|"
    r"ening)?|offer(?:s|ed|ing)?|reluctant|unwilling|fail(?:s|ed|ing)?)\b[^.;:!?]{0,60}?\bto\s+(?:\w+ly\s+)?"
    rf"(?P<verb>{_INFINITIVE})\b|"
    r"(?:propos|suggest|recommend|insist|demand)(?:s|ed|ing)?\s+that\s+[^.;:!?]{1,60}?\s+"
    r"(?:should\s+)?(?P<bare>replace|succeed|become|take\s+over|lead|step\s+down|resign|be\s+"
    r"(?:named|appointed|elected))\b)")
# A main verb after the governed one: the sentence goes on to report what did happen
# (`X, who had wanted to retire, was replaced by Y`).
_DONE_AFTER = re.compile(r"(?i)\b(?:was|were|has\s+been|had\s+been|is|will\s+be)\s+"
                         r"(?:\w+\s+)?(?:replaced|succeeded|named|appointed|elected|sworn)\b|"
                         r"\b(?:took|takes|stepped|resigned|replaced|succeeded|became)\b")


def _not_done(text: str, match: re.Match) -> bool:
    """The match's verb is what someone wanted, asked for, refused or tried."""
    if not _NOT_DONE_CUE.search(text):
        return False
    for wish in _NOT_DONE.finditer(text):
        verb = wish.start("verb") if wish.group("verb") else wish.start("bare")
        if match.start() <= verb < match.end() and wish.start() < match.end() and \
                not _DONE_AFTER.search(text, wish.end(), match.end()):
            return True
    return False


# A plan told in the past that did not come true: `X was to have succeeded Y`, `was
# supposed to take over`, `was due to take over as chief executive, but the deal collapsed`.
_UNFULFILLED = re.compile(r"(?i)\b(?:was|were)\s+(?:to\s+have|supposed\s+to|meant\s+to)\b|"
                          r"\b(?:was|were|had\s+been)\s+(?:due|scheduled|slated|set|"
                          r"expected)\s+to\b(?=[^.;]*?,?\s+(?:but|until|before)\s)")


# What people say is not what the reporter reports: `said: "We appointed …"`.
_QUOTED = re.compile(r"“[^”]{12,}”|\"[^\"]{12,}\"")


def find(sentence: Sentence, cast: Cast, published) -> list[Transition]:
    """Transitions reported in one sentence."""
    found: list[Transition] = []
    text = _QUOTED.sub(lambda m: " " * len(m.group(0)), without_dateline(sentence.text))
    if _RUMOUR.search(sentence.text) or sentence.text.rstrip(" \"'”’)").endswith("?"):
        return found  # a rumour, or a question (`Will X replace Y as coach?`)
    for pattern in PATTERNS:
        if not pattern.cue.search(text):
            continue
        position = 0
        while (match := pattern.regex.search(text, position)) is not None:
            position = match.end()
            groups = match.groupdict()
            if _candidate(text, match) or _not_done(text, match) or any(
                    match.start() <= plan.start() < match.end()
                    for plan in _UNFULFILLED.finditer(text)):
                continue
            if groups.get("incoming") and (
                    _LEFT_OR_JOINED.search(text, 0, match.start("incoming"))
                    or _KIN_OF.search(text, 0, match.start("incoming"))):
                position = match.end("incoming")  # "X will leave Kelt Media to become …":
                continue  # a place of work, not who arrives
            incoming = _slot(match, cast, "incoming", text)
            outgoing = _slot(match, cast, "outgoing", text)
            if not incoming and (pattern.kind != "stepped_down" or not outgoing):
                # not a person ("the German Social Democrats, Olaf Scholz, was elected"):
                # the pattern may still hold from a later word
                position = text.find(" ", match.start() + 1) + 1 or len(text)
                continue
            if incoming == outgoing:
                continue
            if pattern.kind == "stepped_down" and not incoming and not (
                    groups.get("role") or re.search(ROLE_PATTERN, text, re.I)):
                continue
            if not outgoing:
                after = _SUCCEEDING.search(text, match.end() - 1)
                outgoing = cast.person(after["outgoing"]) if after else None
            role = groups.get("role") or groups.get("role2") or groups.get("role3")
            if groups.get("portfolio"):
                role = f"Minister of {groups['portfolio']}"
            if not role and groups.get("incoming"):  # "the new vice-president X took office"
                role = _title_role(text[max(0, match.start("incoming") - 40):
                                        match.start("incoming")])
            former = re.search(r"(?i)\b(?:former|ex-)\s*$", text[:match.start()])
            for slot in ("incoming", "outgoing"):
                if not role and groups.get(slot) and not (former and slot == "incoming"):
                    role = _title_role(_PAST_APPOSITIVE.sub(
                        ",", match.group(0)[:match.end(slot) - match.start()]))
                    # "Estonia finance minister X": the word before the match is the post's
                    before = re.search(r"([A-Za-z-]+)\s+$", text[:match.start()])
                    if role and before and match.group(0).lower().startswith(role.lower()) \
                            and re.fullmatch(ROLE_PATTERN, f"{before[1]} {role}", re.I):
                        role = f"{before[1]} {role}"
            # "a new chief after"
            role = role or _free_role(_PAST_APPOSITIVE.sub(",", text), groups.get("incoming"))
            if not role and re.search(r"(?i)\b(?:government|cabinet|coalition)\s+(?:led|headed)\b",
                                      match.group(0)):
                role = "Head of Government"  # "a new government led by Rob Jetten"
            # "he is sworn in on Wednesday", "is to lead the University of London from
            # September": no post named, only a date for the arrival told elsewhere
            ceremony = pattern.needs_role and not role
            org_text = next((groups[k] for k in ("org", "org_before", "org2", "org_before2",
                                                 "org3", "org4") if groups.get(k)), None)
            rank = next((groups[k].strip() for k in ("org_before", "org_before2")
                         if groups.get(k) and _RANK.fullmatch(groups[k].strip())), None)
            if rank and role:  # "the new Vice Chancellor": a rank, not an organization
                role = f"{rank} {role}"
                if org_text and org_text.strip() == rank:
                    org_text = next((groups[k] for k in ("org", "org2", "org3", "org4")
                                     if groups.get(k)), None)
            if org_text and role and _OFFICE_WORD.match(org_text):
                role, org_text = f"{role} of {org_text}", None  # "Chief of Army Staff"
            if org_text and role and portfolio(role, org_text):
                before = org_text in (groups.get("org_before"), groups.get("org_before2"))
                role = f"{org_text} {role}" if before else f"{role} of {org_text}"
                org_text = None  # "the new Education Minister": the country's, guessed
            unit = _UNIT.match(org_text) if org_text else None
            if unit and _UNIT_WORD.match(text, match.end()):
                org_text = unit["parent"]  # "chief executive of Orvane Systems' Estonian
                # unit": a part's post, told under the body's name (less surely: confidence)
            org = cast.organization(org_text) if org_text else None
            weak = org is None
            if org is None and (groups.get("verb") or "").lower().startswith("promot") and \
                    groups.get("incoming"):  # promoted within the body the apposition names
                within = _WITHIN.match(text, match.end("incoming"))
                org = cast.organization(within["org"]) if within else None
            relative = _RELATIVE.search(text[:match.end("subject")]) \
                if groups.get("subject") else None
            if org is None and relative:
                org = _subject_org(relative["org"], cast, {incoming, outgoing})
            for owner in ("subject", "agent"):
                if org is None and groups.get(owner) and not (owner == "subject" and relative):
                    org = _subject_org(groups[owner], cast, {incoming, outgoing})
            if org is None:
                org = _announcing_org(text, cast, {incoming, outgoing}) or _lower_case_org(text)
            kind = pattern.kind
            if kind == "stepped_down" and incoming and re.search(
                    r"(?i)\bhanded\s+over\b", match.group(0)):
                kind = "took_office"  # "Brou officially handed over his stewardship to Touray"
            if kind == "announced" and re.search(r"(?i)\b(?:has\s+|have\s+)?joined\b",
                                                 match.group(0)):
                kind = "took_office"  # "has joined Orvane Systems as chief executive"
            if kind == "took_office" and _future(text[:match.end()]):
                kind = "announced"
            if kind == "appointed" and groups.get("verb", "").lower().startswith(("elect",
                                                                               "voted")):
                kind = "elected"
            if kind in ("announced", "took_office") and re.search(
                    r"(?i)\b(?:was|were|been|is)\s+elected\b", match.group(0)):
                kind = "elected"  # "was elected over five others to become the president"
            trigger = match.end(pattern.trigger) if groups.get(pattern.trigger) \
                else match.start() + len(match.group(0)) // 2
            effective, explicit = effective_date(text, published, trigger)
            if effective is None and published is not None and kind in (
                    "sworn_in", "took_office", "elected", "appointed") and _JUST_NOW.search(
                    match.group(0)):
                effective = _published_iso(published)
            if incoming and not re.fullmatch(PRONOUN, groups.get("incoming") or ""):
                cast.last_incoming = incoming
            found.append(Transition(org, role_case(role), incoming, outgoing,
                                    effective, kind, sentence.text, explicit, weak,
                                    ceremony=ceremony))
    return found
