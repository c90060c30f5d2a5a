//! The one table of labels: every word the report shows, in Swedish and
//! English. The Swedish status and perspective words are the core's own
//! ([`Status::label_sv`], [`Perspective::label`]).

use styrkort::{
    ActivityStatus, CitizenLabel, Level, OrgKind, Perspective, ProviderKind, RuleKind, Status,
    Trend,
};

/// The language of a report (*språk*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Swedish (the default).
    #[default]
    Sv,
    /// English.
    En,
}

impl Language {
    /// The `lang` attribute value.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Sv => "sv",
            Self::En => "en",
        }
    }

    /// The label table of the language.
    pub const fn labels(self) -> &'static Labels {
        match self {
            Self::Sv => &SV,
            Self::En => &EN,
        }
    }
}

/// Every fixed word of the report in one language.
#[derive(Debug)]
#[allow(missing_docs)] // each field is named after the word it holds
pub struct Labels {
    pub status: [&'static str; 5],
    pub trend: [&'static str; 4],
    pub level: [&'static str; 3],
    pub rule: [&'static str; 5],
    pub org_kind: [&'static str; 8],
    pub activity: [&'static str; 5],
    /// Society & environment, employees, economy (the citizen one comes from the setting).
    pub perspectives_rest: [&'static str; 3],
    /// Citizen label per setting: Medborgare, Kund, both.
    pub citizen: [&'static str; 3],
    pub independent: &'static str,
    pub private: &'static str,
    pub report_title: &'static str,
    pub contents: &'static str,
    pub red_thread: &'static str,
    pub red_thread_intro: &'static str,
    pub unlinked: &'static str,
    pub scorecards: &'static str,
    pub scorecard: &'static str,
    pub follow_up: &'static str,
    pub dialogue: &'static str,
    pub diagnostics: &'static str,
    pub no_diagnostics: &'static str,
    pub period: &'static str,
    pub as_of: &'static str,
    pub tag: &'static str,
    pub goal: &'static str,
    pub goals: &'static str,
    pub no_goals: &'static str,
    pub status_word: &'static str,
    pub score: &'static str,
    pub rule_word: &'static str,
    pub thresholds: &'static str,
    pub manual: &'static str,
    pub computed: &'static str,
    pub from: &'static str,
    pub owner: &'static str,
    pub weight: &'static str,
    pub indicator: &'static str,
    pub indicators_of: &'static str,
    pub value: &'static str,
    pub target: &'static str,
    pub baseline: &'static str,
    pub warning: &'static str,
    pub unit: &'static str,
    pub achievement: &'static str,
    pub trend_word: &'static str,
    /// Under the trend column: the arrow compares with the same period a
    /// year earlier (`settings.arrow` `year_earlier`, the default).
    pub versus_year_earlier: &'static str,
    /// Under the trend column: the arrow compares with the previous period.
    pub versus_previous: &'static str,
    /// After a value resting on a forecast.
    pub forecast: &'static str,
    pub women_men: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub consolidated: &'static str,
    pub balance: &'static str,
    pub evenness: &'static str,
    pub missing: &'static str,
    pub missing_perspectives: &'static str,
    pub perspective: &'static str,
    pub count: &'static str,
    pub council_goal: &'static str,
    pub board_goals_for: &'static str,
    pub not_linked_to_council: &'static str,
    pub comment: &'static str,
    pub action_plans: &'static str,
    pub progress: &'static str,
    pub overdue: &'static str,
    pub overdue_activities: &'static str,
    pub due: &'static str,
    pub responsible: &'static str,
    pub none: &'static str,
    pub coverage: &'static str,
    pub covered_by: &'static str,
    pub uncovered: &'static str,
    pub deviations: &'static str,
    pub worsening: &'static str,
    pub unaddressed: &'static str,
    pub disagreements: &'static str,
    pub code: &'static str,
    pub severity: &'static str,
    pub subject: &'static str,
    pub message: &'static str,
    pub error: &'static str,
    pub warning_word: &'static str,
    pub upper: &'static str,
    pub lower: &'static str,
    pub plan: &'static str,
    pub activity_word: &'static str,
    pub outcome: &'static str,
}

/// Svenska.
pub static SV: Labels = Labels {
    status: [
        Status::Fulfilled.label_sv(),
        Status::PartlyFulfilled.label_sv(),
        Status::NotFulfilled.label_sv(),
        Status::NoData.label_sv(),
        Status::NotAssessed.label_sv(),
    ],
    trend: ["bättre", "oförändrad", "sämre", "okänd"],
    level: ["Verksamhetsmål", "Nämndmål", "Fullmäktigemål"],
    rule: [
        "alla/några/inga",
        "viktat medelvärde",
        "andel uppfyllda",
        "sämsta",
        "manuell",
    ],
    org_kind: [
        "kommun",
        "kommunfullmäktige",
        "kommunstyrelse",
        "nämnd",
        "förvaltning",
        "enhet",
        "bolag",
        "utförare",
    ],
    activity: ["ej påbörjad", "pågående", "avslutad", "pausad", "avbruten"],
    perspectives_rest: [
        Perspective::SocietyEnvironment.label(CitizenLabel::Medborgare),
        Perspective::Employees.label(CitizenLabel::Medborgare),
        Perspective::Economy.label(CitizenLabel::Medborgare),
    ],
    citizen: [
        CitizenLabel::Medborgare.as_str(),
        CitizenLabel::Kund.as_str(),
        CitizenLabel::Both.as_str(),
    ],
    independent: "fristående utförare",
    private: "privat utförare",
    report_title: "Styrkort",
    contents: "Innehåll",
    red_thread: "Röda tråden",
    red_thread_intro: "Fullmäktiges mål → nämndmål → verksamhetsmål. Vikten står på kopplingen.",
    unlinked: "Mål som inte är kopplade uppåt",
    scorecards: "Styrkort",
    scorecard: "Styrkort",
    follow_up: "Uppföljning",
    dialogue: "Dialog",
    diagnostics: "Valideringsvarningar",
    no_diagnostics: "Inga varningar.",
    period: "Period",
    as_of: "per",
    tag: "Tagg",
    goal: "Mål",
    goals: "mål",
    no_goals: "Inga mål i perspektivet.",
    status_word: "Status",
    score: "Poäng",
    rule_word: "Regel",
    thresholds: "gränser",
    manual: "Manuell bedömning",
    computed: "beräknat",
    from: "Från",
    owner: "Ägare",
    weight: "vikt",
    indicator: "Nyckeltal",
    indicators_of: "Nyckeltal för",
    value: "Värde",
    target: "Målvärde",
    baseline: "jämfört med året före",
    warning: "Varningsnivå",
    unit: "Enhet",
    achievement: "Måluppfyllelse",
    trend_word: "Trend",
    versus_year_earlier: "mot samma period i fjol",
    versus_previous: "mot föregående period",
    forecast: "prognos",
    women_men: "Kvinnor / män",
    history: "Utveckling",
    no_history: "ingen tidsserie",
    consolidated: "sammanvägt",
    balance: "Balans",
    evenness: "Jämnhet",
    missing: "saknas",
    missing_perspectives: "Perspektiv utan mål",
    perspective: "Perspektiv",
    count: "Antal",
    council_goal: "Fullmäktigemål",
    board_goals_for: "Nämndmål för",
    not_linked_to_council: "Ej kopplade till fullmäktigemål",
    comment: "Kommentar",
    action_plans: "Handlingsplaner",
    progress: "framsteg",
    overdue: "försenad",
    overdue_activities: "Försenade aktiviteter",
    due: "Klart senast",
    responsible: "Ansvarig",
    none: "Inga.",
    coverage: "Täckning av de övre målen",
    covered_by: "Bidragande mål",
    uncovered: "Ej täckta mål",
    deviations: "Avvikelser",
    worsening: "försämrade nyckeltal",
    unaddressed: "Avvikelser utan åtgärd",
    disagreements: "Manuell bedömning skiljer sig från beräknad",
    code: "Kod",
    severity: "Allvar",
    subject: "Gäller",
    message: "Meddelande",
    error: "fel",
    warning_word: "varning",
    upper: "Övre",
    lower: "Undre",
    plan: "Plan",
    activity_word: "Aktivitet",
    outcome: "Utfall",
};

/// English.
pub static EN: Labels = Labels {
    status: [
        "Fulfilled",
        "Partly fulfilled",
        "Not fulfilled",
        "No data",
        "Not assessed",
    ],
    trend: ["better", "unchanged", "worse", "unknown"],
    level: ["Operational goal", "Board goal", "Council goal"],
    rule: [
        "all/some/none",
        "weighted score",
        "share fulfilled",
        "worst",
        "manual",
    ],
    org_kind: [
        "municipality",
        "council",
        "executive board",
        "board",
        "office",
        "unit",
        "company",
        "provider",
    ],
    activity: ["not started", "ongoing", "completed", "paused", "cancelled"],
    perspectives_rest: ["Society & environment", "Employees", "Economy"],
    citizen: ["Citizens", "Customers", "Citizens (customers)"],
    independent: "independent provider",
    private: "private provider",
    report_title: "Scorecards",
    contents: "Contents",
    red_thread: "The red thread",
    red_thread_intro: "Council goals → board goals → operational goals. The weight is on the link.",
    unlinked: "Goals not linked upwards",
    scorecards: "Scorecards",
    scorecard: "Scorecard",
    follow_up: "Follow-up",
    dialogue: "Dialogue",
    diagnostics: "Validation warnings",
    no_diagnostics: "No warnings.",
    period: "Period",
    as_of: "as of",
    tag: "Tag",
    goal: "Goal",
    goals: "goals",
    no_goals: "No goals in this perspective.",
    status_word: "Status",
    score: "Score",
    rule_word: "Rule",
    thresholds: "thresholds",
    manual: "Manual assessment",
    computed: "computed",
    from: "From",
    owner: "Owner",
    weight: "weight",
    indicator: "Indicator",
    indicators_of: "Indicators of",
    value: "Value",
    target: "Target",
    baseline: "compared with the year before",
    warning: "Warning level",
    unit: "Unit",
    achievement: "Achievement",
    trend_word: "Trend",
    versus_year_earlier: "against the same period a year earlier",
    versus_previous: "against the previous period",
    forecast: "forecast",
    women_men: "Women / men",
    history: "History",
    no_history: "no series",
    consolidated: "consolidated",
    balance: "Balance",
    evenness: "Evenness",
    missing: "missing",
    missing_perspectives: "Perspectives without goals",
    perspective: "Perspective",
    count: "Count",
    council_goal: "Council goal",
    board_goals_for: "Board goals for",
    not_linked_to_council: "Not linked to a council goal",
    comment: "Comment",
    action_plans: "Action plans",
    progress: "progress",
    overdue: "overdue",
    overdue_activities: "Overdue activities",
    due: "Due",
    responsible: "Responsible",
    none: "None.",
    coverage: "Coverage of the upper goals",
    covered_by: "Contributing goals",
    uncovered: "Uncovered goals",
    deviations: "Deviations",
    worsening: "worsening indicators",
    unaddressed: "Deviations without action",
    disagreements: "Manual assessment differs from computed",
    code: "Code",
    severity: "Severity",
    subject: "Subject",
    message: "Message",
    error: "error",
    warning_word: "warning",
    upper: "Upper",
    lower: "Lower",
    plan: "Plan",
    activity_word: "Activity",
    outcome: "Outcome",
};

impl Labels {
    /// The status label.
    pub const fn status(&self, s: Status) -> &'static str {
        self.status[s.index()]
    }

    /// The perspective label, the citizen one by the model's setting.
    pub const fn perspective(&self, p: Perspective, citizen: CitizenLabel) -> &'static str {
        match p {
            Perspective::Citizen => self.citizen[citizen as usize],
            Perspective::SocietyEnvironment => self.perspectives_rest[0],
            Perspective::Employees => self.perspectives_rest[1],
            Perspective::Economy => self.perspectives_rest[2],
        }
    }

    /// The trend word.
    pub const fn trend(&self, t: Trend) -> &'static str {
        self.trend[t as usize]
    }

    /// The goal level.
    pub const fn level(&self, l: Level) -> &'static str {
        self.level[l as usize]
    }

    /// The roll-up rule.
    pub const fn rule(&self, r: RuleKind) -> &'static str {
        self.rule[r as usize]
    }

    /// The org kind.
    pub const fn org_kind(&self, k: OrgKind) -> &'static str {
        self.org_kind[k as usize]
    }

    /// The activity state.
    pub const fn activity(&self, a: ActivityStatus) -> &'static str {
        self.activity[a as usize]
    }

    /// The provider mark, for independent and private providers only.
    pub const fn provider(&self, p: ProviderKind) -> Option<&'static str> {
        match p {
            ProviderKind::Municipal => None,
            ProviderKind::Independent => Some(self.independent),
            ProviderKind::Private => Some(self.private),
        }
    }
}

/// The status symbol, shown with the label so that status never rests on
/// colour alone.
pub const fn symbol(s: Status) -> &'static str {
    match s {
        Status::Fulfilled => "✔",
        Status::PartlyFulfilled => "◐",
        Status::NotFulfilled => "✘",
        Status::NoData => "?",
        Status::NotAssessed => "–",
    }
}

/// The trend arrow.
pub const fn arrow(t: Trend) -> &'static str {
    match t {
        Trend::Improving => "▲",
        Trend::Unchanged => "▶",
        Trend::Worsening => "▼",
        Trend::Unknown => "·",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_positions_match_the_tables() {
        // The tables index by discriminant; pin the orders they assume.
        assert_eq!(SV.level(Level::Council), "Fullmäktigemål");
        assert_eq!(SV.level(Level::Operational), "Verksamhetsmål");
        assert_eq!(EN.rule(RuleKind::Manual), "manual");
        assert_eq!(SV.org_kind(OrgKind::Provider), "utförare");
        assert_eq!(SV.org_kind(OrgKind::Municipality), "kommun");
        assert_eq!(SV.activity(ActivityStatus::Cancelled), "avbruten");
        assert_eq!(EN.trend(Trend::Unknown), "unknown");
        assert_eq!(SV.status(Status::PartlyFulfilled), "Delvis uppfyllt");
        assert_eq!(EN.status(Status::NotAssessed), "Not assessed");
        assert_eq!(
            SV.perspective(Perspective::Citizen, CitizenLabel::Both),
            "Medborgare (Kund)"
        );
        assert_eq!(
            EN.perspective(Perspective::Citizen, CitizenLabel::Kund),
            "Customers"
        );
        assert_eq!(
            SV.perspective(Perspective::Economy, CitizenLabel::Kund),
            "Ekonomi"
        );
    }
}
