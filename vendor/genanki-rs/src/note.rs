use crate::card::Card;
use crate::error::database_error;
use crate::model::{Model, ModelType};
use crate::util::guid_for;
use crate::Error;
use fancy_regex::Regex;
use rusqlite::{params, Transaction};
use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;
use std::ops::RangeFrom;
use std::str::FromStr;

/// Note (Flashcard) to be added to a `Deck`
#[derive(Clone)]
pub struct Note {
    model: Model,
    /// The fields joined as the database stores them (`\x1f` between).
    flds: String,
    field_count: usize,
    sort_field: bool,
    tags: Vec<String>,
    guid: String,
    cards: Vec<Card>,
    modified: Option<i64>,
    sort_text: Option<(String, i64)>,
}

impl Note {
    /// Creates a new Note with a new `model` and `fields`
    ///
    /// Returns `Err` if the fields are not matching the model or if the fields are invalid
    ///
    /// Example:
    /// ```
    /// use genanki_rs::{Note, basic_model};
    ///
    /// let note = Note::new(basic_model(), vec!["What is the capital of France?", "Paris"]);
    /// ```
    pub fn new(model: Model, fields: Vec<&str>) -> Result<Self, Error> {
        let cards = match model.get_model_type() {
            ModelType::FrontBack => front_back_cards(&model, &fields)?,
            ModelType::Cloze => cloze_cards(&model, &fields),
        };
        let guid = guid_for(&fields.iter().map(|&s| s.to_string()).collect());
        Ok(Self {
            model,
            flds: fields.join("\x1f"),
            field_count: fields.len(),
            sort_field: false,
            tags: vec![],
            guid,
            cards,
            modified: None,
            sort_text: None,
        })
    }

    /// Creates a new Note with a new `model`, `fields` and custom parameters:
    /// * `sort_field` - whether to sort field, default is `false`
    /// * `tags` - List of tags
    /// * `guid` - Custom unique note id, default is hash of all fields
    ///
    /// Returns `Err` if tags or fields are invalid
    pub fn new_with_options(
        model: Model,
        fields: Vec<&str>,
        sort_field: Option<bool>,
        tags: Option<Vec<&str>>,
        guid: Option<&str>,
    ) -> Result<Self, Error> {
        let tags = tags
            .unwrap_or_default()
            .iter()
            .map(|s| s.to_string())
            .collect();
        validate_tags(&tags)?;
        let cards = match model.get_model_type() {
            ModelType::FrontBack => front_back_cards(&model, &fields)?,
            ModelType::Cloze => cloze_cards(&model, &fields),
        };
        let guid = guid.map_or_else(|| guid_for(&fields.iter().map(|s| s.to_string()).collect()), str::to_string);
        Ok(Self {
            model,
            // Joined once, here: written as they are.
            flds: fields.join("\x1f"),
            field_count: fields.len(),
            sort_field: sort_field.unwrap_or(false),
            tags,
            guid,
            cards,
            modified: None,
            sort_text: None,
        })
    }

    /// Returns a new Note with the sort field replace with the new one
    pub fn sort_field(self, sort_field: bool) -> Self {
        Self { sort_field, ..self }
    }

    /// Sets or replaces tags with the provided ones
    pub fn tags(self, tags: impl IntoIterator<Item = impl ToString>) -> Self {
        Self {
            tags: tags.into_iter().map(|tag| tag.to_string()).collect(),
            ..self
        }
    }

    /// Adds an additional tag
    pub fn with_tag(mut self, tag: impl ToString) -> Self {
        self.tags.push(tag.to_string());
        self
    }

    /// Sets the GUID for this note
    ///
    /// The GUID is auto-generated if this option is not provided.
    /// The note's modification time (seconds), instead of the package's.
    pub fn modified(self, seconds: i64) -> Self {
        Self { modified: Some(seconds), ..self }
    }

    /// The sort field's text and its duplicate-check checksum, as Anki
    /// stores them (`sfld`, `csum`).
    pub fn sort_text(self, text: impl ToString, checksum: i64) -> Self {
        Self { sort_text: Some((text.to_string(), checksum)), ..self }
    }

    pub fn guid(self, guid: impl ToString) -> Self {
        Self {
            guid: guid.to_string(),
            ..self
        }
    }

    pub(super) fn model(&self) -> Model {
        self.model.clone()
    }

    pub(super) fn model_ref(&self) -> &Model {
        &self.model
    }

    #[allow(dead_code)]
    pub(super) fn cards(&self) -> Vec<Card> {
        self.cards.clone()
    }

    fn check_number_model_fields_matches_num_fields(&self) -> Result<(), Error> {
        if self.model.fields().len() != self.field_count {
            Err(Error::ModelFieldCountMismatch(
                self.model.fields().len(),
                self.field_count,
            ))
        } else {
            Ok(())
        }
    }

    fn format_tags(&self) -> String {
        format!(" {} ", self.tags.join(" "))
    }
    pub(super) fn write_to_db(
        &self,
        transaction: &Transaction,
        timestamp: f64,
        deck_id: i64,
        mut id_gen: &mut RangeFrom<usize>,
    ) -> Result<(), Error> {
        self.check_number_model_fields_matches_num_fields()?;
        transaction
            .prepare_cached("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);")
            .and_then(|mut insert| insert.execute(
                params![
                    id_gen.next(),        // id
                    self.guid.as_str(),   // guid
                    self.model.id,        // mid
                    self.modified.unwrap_or(timestamp as i64), // mod
                    -1,                   // usn
                    self.format_tags(),   // TODO tags
                    self.flds.as_str(),   // flds
                    self.sort_text.as_ref().map_or_else(|| i64::from(self.sort_field).to_string(), |(t, _)| t.clone()), // sfld
                    self.sort_text.as_ref().map_or(0, |(_, c)| *c), // csum
                    0,                    // flags
                    "",                   // data
                ],
            ))
            .map_err(database_error)?;
        let note_id = transaction.last_insert_rowid() as usize;
        for card in &self.cards {
            let modified = self.modified.map_or(timestamp, |m| m as f64);
            card.write_to_db(transaction, modified, deck_id, note_id, &mut id_gen)?
        }
        Ok(())
    }
}

fn cloze_cards(model: &Model, self_fields: &[&str]) -> Vec<Card> {
    let mut card_ords: BTreeSet<i64> = BTreeSet::new();
    let mut cloze_replacements: HashSet<String> = HashSet::new();
    cloze_replacements.extend(re_findall(&CLOZE_FIELD, &model.templates()[0].qfmt));
    cloze_replacements.extend(re_findall(&CLOZE_FIELD_LEGACY, &model.templates()[0].qfmt));
    for field_name in cloze_replacements {
        let fields = model.fields();
        let mut field_index_iter = fields
            .iter()
            .enumerate()
            .filter(|(_, field)| field.name == field_name)
            .map(|(i, _)| i);
        let field_value = if let Some(field_index) = field_index_iter.next() {
            self_fields[field_index].to_string()
        } else {
            "".to_string()
        };
        let updates_str = re_findall(&CLOZE_NUMBER, &field_value);
        let updates = updates_str
            .iter()
            .map(|m| i64::from_str(m).expect("parsed from regex") - 1)
            .filter(|&m| m >= 0);
        card_ords.extend(updates);
    }
    if card_ords.is_empty() {
        card_ords.insert(0);
    }
    card_ords
        .iter()
        .map(|&card_ord| Card::new(card_ord, false))
        .collect()
}

fn front_back_cards(model: &Model, self_fields: &[&str]) -> Result<Vec<Card>, Error> {
    let mut rv = vec![];
    for (card_ord, any_or_all, required_field_ords) in model.req()? {
        let mut iter = required_field_ords.iter().map(|&ord| &self_fields[ord]);
        let condition = match any_or_all.as_str() {
            "any" => iter.any(|field| field.len() > 0),
            "all" => iter.all(|field| field.len() > 0),
            _ => panic!("only any or all"),
        };
        if condition {
            rv.push(Card::new(*card_ord as i64, false));
        }
    }
    Ok(rv)
}

// Compiled once: compiling per note dominated large builds.
static CLOZE_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}").expect("static regex"));
static CLOZE_FIELD_LEGACY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("<%cloze:(.+?)%>").expect("static regex"));
static CLOZE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s){{c(\d+)::.+?}}").expect("static regex"));

fn re_findall(regex: &Regex, to_match: &str) -> Vec<String> {
    regex
        .captures_iter(to_match)
        .filter_map(|m| m.ok())
        .map(|cap| {
            cap.iter()
                .skip(1)
                .filter_map(|m| m)
                .map(|m| m.as_str().to_string())
                .collect::<Vec<String>>()
        })
        .flatten()
        .collect()
}

fn validate_tags(tags: &Vec<String>) -> Result<(), Error> {
    if tags.iter().any(|tag| tag.contains(' ')) {
        Err(Error::TagContainsWhitespace)
    } else {
        Ok(())
    }
}
