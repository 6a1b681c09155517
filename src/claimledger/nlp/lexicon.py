"""Word lists the attribution rules rely on. General English news vocabulary only.

Lemmas are lower-case spaCy lemmas. Keep each list to one purpose so that a reader can
see why a word is here; the tests exercise each family.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as running text (easier to read and edit than a list)."""
    return frozenset(text.split())


# Verbs that report speech or writing. A verb only makes an attribution when it also has a
# source and a reported content (a clause or a quotation), so "added a clause" is not one.
SPEECH_VERBS = _words(
    """
    say tell claim accuse warn deny insist add argue announce state note suggest write
    tweet post report explain confirm acknowledge admit allege assert contend declare
    maintain reiterate repeat stress emphasize emphasise predict promise pledge vow
    threaten urge demand reply respond answer comment remark observe recall testify
    concede complain boast joke quip mention reveal disclose estimate conclude counter
    retort caution hint speculate propose recommend assure clarify charge lament
    acknowledge affirm aver protest scoff sneer exclaim shout whisper tweet blog
    underline underscore signal indicate inform brief told call label brand dub term
    reject dismiss dispute refute rebut contradict corroborate
    """
)

# Speech verbs whose object clause is introduced by "of" ("accused him of lying").
PREPOSITIONAL_CONTENT = {"accuse": "of", "warn": "of", "boast": "of", "complain": "about",
                         "charge": "with", "call": "for"}

# Nouns that name a proposition somebody put forward: "a claim that ...", "X's suggestion
# that ...". With a source (possessor or "from/by X") they make a nominal attribution.
CLAIM_NOUNS = _words(
    """
    claim allegation assertion statement accusation suggestion warning charge
    insistence assurance promise argument contention announcement prediction denial
    admission pledge vow threat demand proposal
    """
)

# Verbs that take a claim noun as object and so report it on the subject's behalf
# ("the minister repeated an unfounded claim that ...").
CLAIM_CARRIER_VERBS = _words(
    """
    repeat make issue reiterate voice renew level air advance put echo
    """
)

# Heads of noun phrases that stand for sources the article does not identify.
ANONYMOUS_HEADS = _words(
    """
    source official report aide insider diplomat analyst witness resident person
    people observer expert spokesperson spokesman spokeswoman representative member
    employee staffer officer investigator lawmaker legislator someone critic supporter media
    delegate nurse police family relative neighbour neighbor villager survivor victim
    """
)
# Anonymous only when nothing names them: "a spokesman for the ministry" is anonymous,
# "the ministry's spokesman, John Doe" is not (the appositive names him).

# Media that words go out on (a channel), as heads of "on/in/via X" or objects of "told".
CHANNEL_HEADS = _words(
    """
    platform account twitter facebook instagram telegram tiktok youtube website site
    blog statement interview post tweet broadcast television tv radio podcast briefing
    conference speech video message letter newspaper paper broadcaster channel network
    station magazine outlet agency media press column op-ed editorial newsletter
    livestream programme program show
    """
)
# Audiences: "told reporters" names who heard it, not where it went out.
AUDIENCE_HEADS = _words(
    """
    reporter journalist audience crowd supporter lawmaker
    """
)

# Words that may stand before a name as a title and are not part of the name.
TITLE_WORDS = _words(
    """
    mr mrs ms miss dr prof sir dame lord lady president vice minister prime secretary
    chancellor governor senator sen rep representative mayor general gen colonel col
    captain capt commander lieutenant sergeant admiral ambassador judge justice king
    queen prince princess pope cardinal bishop rev father sheikh chairman chairwoman
    chair director ceo chief premier speaker leader deputy foreign interior defence
    defense finance health state former acting incumbent emir crown attorney mp coach
    """
)
# Title words that tell a person's gender, for pronoun agreement.
MALE_TITLES = _words(
    """
    mr sir lord king prince father spokesman chairman sheikh emir
    """
)
FEMALE_TITLES = _words(
    """
    mrs ms miss dame lady queen princess spokeswoman chairwoman
    """
)

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})

# Entity labels that can speak, and those that are only recorded as entities.
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

# Verbs that name a thing by calling it something: "called the plan “a disaster”".
LABELLING_VERBS = _words(
    """
    call label brand dub describe term
    """
)

# Documents report findings ("a poll found that ...", "records show ...").
FINDING_VERBS = _words(
    """
    find show indicate reveal suggest conclude
    """
)
DOCUMENT_HEADS = _words(
    """
    poll survey study report analysis data document record review audit investigation
    transcript video footage filing memo email letter research census estimate tally
    """
)

# Relative pronouns as subjects: resolved through the noun their clause modifies.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})

# Common given names whose bearers are overwhelmingly of one gender, for pronoun agreement
# ("she said" never resolves to a man). A name missing here only means no gender is
# known, and the pronoun rule then needs a single candidate; an ambiguous name (Jordan,
# Alex, Robin) is deliberately absent.
MALE_NAMES = _words(
    """
    aaron abdul abdullah adam adrian ahmed ahmad alan albert alejandro alexander
    alexei ali andrew andrzej angelo anthony antonio arthur barack ben benjamin
    bernard bernie bill bob boris brad brian bruce carl carlos charles chris
    christopher chuck colin craig dan daniel darren dave david dennis dick dmitry
    donald doug douglas edward emmanuel eric frank fred gary george gordon greg
    gregory hamid hans harry hassan henry howard hugh ian igor isaac ivan jack jacob
    jair james jamie jason jean-luc jeff jeffrey jeremy jerome jim jimmy joe joel john
    jonathan jorge jose joseph juan justin karl keir keith ken kevin kim-jong larry
    lars lee leonard luis marco mark martin matt matthew michael miguel mike mikhail
    mitch mitt mohammed muhammad narendra nicholas nick nigel olaf oliver omar pablo
    patrick paul pedro peter philip pierre rafael ralph ray recep richard rick rishi
    robert roberto ron ronald rudy ryan sam samuel scott sergei sergey shinzo stephen
    steve steven stuart ted thomas tim timothy todd tom tony vladimir volodymyr walter
    wang william xi yuri
    """
)
FEMALE_NAMES = _words(
    """
    abigail alexandria alice alison amanda amy ana andrea angela angelina ann anna
    anne annalena barbara betsy betty beth brenda carla carol caroline catherine
    charlotte chelsea christine christina claire claudia cynthia dana deborah debbie
    diane donna dorothy elena elizabeth ellen emily emma eva fiona giorgia hannah
    heather helen hillary ingrid irene jacinda jane janet jennifer jessica jill joan
    julia julie karen kamala kate katherine kathleen kathy kelly kristi laura linda
    lisa liz lori louise lucy margaret maria marie marine marta martha mary megan
    melania melanie michelle monica nancy natalia natalie nicola nikki olga pamela
    patricia paula rachel rebecca rita rose ruth sandra sara sarah sharon sheila
    sophie stephanie susan suzanne tatiana teresa theresa tulsi ursula valerie
    victoria virginia wendy yulia
    """
)

# Speech verbs addressed to someone, with what they are asked to do as the content
# ("urged Republicans to join ...", "called on voters to ...").
ADDRESSEE_VERBS = _words(
    """
    urge ask tell warn advise implore encourage press call
    """
)

# Speech verbs whose noun object states the content ("claimed vast wealth", "denied the
# allegations", "announced a ceasefire").
OBJECT_CONTENT_VERBS = _words(
    """
    claim deny confirm announce acknowledge admit propose predict promise pledge vow
    allege reveal disclose concede mention reject dismiss dispute refute rebut contradict
    """
)

# Words that make a capitalised name an organisation's, not a person's.
ORGANISATION_WORDS = _words(
    """
    inc ltd llc plc corp corporation company co group systems holdings bank party ministry
    council committee association union university college institute foundation agency
    authority department commission court club league federation trust fund network
    times post news press tv radio airlines motors partners international
    """
)

# Plural nouns for people, by ending (managers, analysts, residents, politicians):
# "managers said" is an unnamed group; "shares fell" or "documents show" is not.
PERSON_PLURAL_SUFFIXES = ("ers", "ors", "ists", "ians", "ents", "ants", "ees", "men", "women")
PERSON_PLURAL_EXCLUDED_SUFFIXES = ("ments", "ters", "papers", "numbers", "orders", "centers")

# More given names from many countries, so that pronoun agreement is not an English-only
# privilege. Same caution as above: names borne by both genders are left out.
MALE_NAMES = MALE_NAMES | _words(
    """
    abdel ahmet alain alessandro alexandre andre andrei andres antoine arjun arnaud bjorn
    bruno cedric christian claude cristian dario diego dmitri emil emeka enrique erik
    fabio fabrice federico felipe fernando francesco francois gabriel giovanni giuseppe
    gonzalo guillaume gustavo hakan hamza heinz henrik hiroshi hugo ibrahim ismail jakob
    jan javier jens joachim johan jonas jorg juan-carlos julien jurgen kenji klaus kofi
    krzysztof kwame lars laurent leon lorenzo luca lucas ludovic luigi lukas magnus manuel
    marc marcel marcelo marcin marco mario mateo matthias mattias maxim mehmet michel
    mikael mohamed mustafa nikolai nils oleg olivier oscar pavel pawel pietro rahul rajesh
    ramon raul rene ricardo roberto rodrigo rolf roman rui salvatore sanjay sebastian
    sergio stefan stefano sven thierry tobias tomasz ulrich vikram vincent viktor wolfgang
    xavier yannick yusuf
    """
)
FEMALE_NAMES = FEMALE_NAMES | _words(
    """
    agnieszka aisha alessandra amelie anke annika astrid beatriz birgit brigitte camille
    carmen catalina chiara cristina dolores elisa elise elodie esther fatima francesca
    gabriela gabriele giulia heather helga ines isabel isabelle jasmine jolanta karin
    katarzyna katja lea leila lucia luisa magdalena malgorzata margarethe marianne marina
    marta mathilde mercedes mette mia monika nadia nathalie nicole noor olena paola
    petra pilar priya rosa sabine sandrine silvia simone siobhan sofia sonia svetlana
    tanya ulrike valentina veronique yasmin zainab
    """
)
# Given names ending in -a are mostly women's across European and South Asian languages;
# these common men's names are the exceptions the rule must not touch.
MALE_NAMES_IN_A = _words("joshua luca nikita ilya sasha kosta musa isa juma akira andrea elia")

# Verbs that ascribe a belief or an intention ("X believes that …", "X wants to …"):
# claims the article attributes to a source, though not quotes.
BELIEF_VERBS = _words(
    """
    believe think hope want expect fear worry doubt intend plan wish feel suspect assume
    reckon consider predict anticipate
    """
)

# -- standing (nlp/claims.py, docs/standing.md) -------------------------------------------
# Words that label a claim false: "an unfounded claim", "the baseless allegation".
UNFOUNDED_LABELS = _words(
    """
    unfounded false baseless unsubstantiated bogus debunked discredited groundless
    spurious untrue misleading fabricated erroneous unproven fake
    """
)
# Words that mark a source as itself unconfirmed: "unconfirmed reports".
UNCONFIRMED_WORDS = _words("unconfirmed unverified uncorroborated")
# Cues that confirm, and cues that reject, what someone else claimed.
# ("acknowledged mistakes" admits something of one's own; it confirms nobody's claim.)
CONFIRM_VERBS = _words("confirm corroborate verify")
REJECT_VERBS = _words("deny reject dismiss dispute contradict refute rebut counter")
# Heads of noun phrases that point back at a claim: "the idea", "that suggestion".
ANAPHOR_HEADS = _words(
    "idea suggestion proposal plan claim report allegation statement move notion account assertion"
)
# Evaluations that reject a proposition: "that was “not a very realistic option”".
NEGATIVE_EVALUATIONS = _words(
    """
    unrealistic impossible false wrong untrue nonsense absurd ridiculous lie lies
    unacceptable baseless fake misguided ludicrous laughable fantasy fiction
    """
)
# Rejecting verbs whose noun object is content only when it names a claim ("rejected the
# allegation"), not an act ("rejected the bill").
REJECTING_OBJECT_VERBS = _words("reject dismiss dispute refute rebut contradict")
