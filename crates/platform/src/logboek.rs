//! Records of personal-data processing, shaped after the Logboek
//! Dataverwerkingen standard (Logius; `sections/03-specificaties` of
//! `Logius-standaarden/logboek-dataverwerkingen`): one record per processing
//! operation (a span in a trace) and per data subject, with
//! `trace_id` (16 bytes), `span_id` (8 bytes), optional `parent_span_id`,
//! `name`, `start_time`/`end_time` in milliseconds, `status_code`
//! (0 unset, 1 ok, 2 error), an optional `foreign_operation` (the caller's
//! trace context), and the attributes `dpl.core.processing_activity_id` (a URI
//! into the register of processing activities), `dpl.core.data_subject_id`
//! and `dpl.core.data_subject_id_type`.
//!
//! The data subject is recorded as a **keyed pseudonym** (HMAC-SHA-256 with a
//! key only the municipality holds), never as a plain BSN: the log can show
//! a resident everything done with their data without becoming a second BSN
//! register. No end-user names go into a record (MinBZK decision records).
//!
//! Pure: ids and times are given by the caller; storage is append-only and
//! lives elsewhere.

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;

/// A W3C Trace Context trace id: 16 bytes, not all zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TraceId(pub [u8; 16]);

/// A span id: 8 bytes, not all zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpanId(pub [u8; 8]);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

impl TraceId {
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

impl SpanId {
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

/// An incoming W3C `traceparent` header: `00-<trace-id>-<parent-id>-<flags>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceParent {
    pub trace_id: TraceId,
    pub parent_id: SpanId,
    pub sampled: bool,
}

impl TraceParent {
    /// Parses version 00 strictly (lowercase hex, no all-zero ids); `None` for
    /// anything else, in which case the application starts a new trace.
    pub fn parse(header: &str) -> Option<TraceParent> {
        let mut parts = header.trim().split('-');
        let (version, trace, parent, flags) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || version != "00" {
            return None;
        }
        let trace_id = unhex::<16>(trace).filter(|b| b.iter().any(|x| *x != 0))?;
        let parent_id = unhex::<8>(parent).filter(|b| b.iter().any(|x| *x != 0))?;
        let flags = unhex::<1>(flags)?;
        Some(TraceParent { trace_id: TraceId(trace_id), parent_id: SpanId(parent_id), sampled: flags[0] & 1 == 1 })
    }
}

/// Outcome of the operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Unset = 0,
    Ok = 1,
    /// A server-side failure (HTTP 5xx); a refused request is `Ok` with the
    /// refusal recorded by the application, not an error of the processing.
    Error = 2,
}

/// The caller's operation, when the processing was asked for by another
/// organisation's system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignOperation {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    /// URI of the other organisation's logbook entity.
    pub entity: String,
}

/// Keyed pseudonyms for data subjects: the same BSN always gives the same
/// pseudonym under one key, and nobody without the key can go back or test
/// a guess.
pub struct Pseudonymiser {
    mac: Hmac<Sha256>,
}

/// Shortest key we accept (256 bits).
pub const KEY_BYTES_MIN: usize = 32;

impl Pseudonymiser {
    /// `None` if the key is shorter than [`KEY_BYTES_MIN`].
    pub fn new(key: &[u8]) -> Option<Pseudonymiser> {
        if key.len() < KEY_BYTES_MIN {
            return None;
        }
        Hmac::<Sha256>::new_from_slice(key).ok().map(|mac| Pseudonymiser { mac })
    }

    /// The pseudonym of a data subject id (e.g. the nine digits of a BSN),
    /// as 64 lowercase hex characters.
    pub fn pseudonym(&self, subject_id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(subject_id.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// One record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    pub parent_span_id: Option<SpanId>,
    /// What was done, e.g. `dossier lezen`.
    pub name: String,
    /// Milliseconds since the Unix epoch.
    pub start_time: i64,
    pub end_time: i64,
    pub status: Status,
    pub foreign_operation: Option<ForeignOperation>,
    /// URI of the processing activity in the register (why).
    pub processing_activity_id: String,
    /// Pseudonym of the data subject (whose data).
    pub data_subject_pseudonym: String,
    /// The kind of id that was pseudonymised, e.g. `BSN`.
    pub data_subject_id_type: String,
}

/// Why a record cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
    EmptyName,
    EndBeforeStart,
    ActivityNotAUri,
    MissingSubject,
}

#[derive(Serialize)]
struct Wire<'a> {
    trace_id: String,
    span_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_span_id: Option<String>,
    name: &'a str,
    start_time: i64,
    end_time: i64,
    status_code: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    foreign_operation: Option<serde_json::Value>,
    attributes: serde_json::Value,
}

impl Record {
    /// Checks what the standard requires of a record.
    pub fn validate(&self) -> Result<(), RecordError> {
        if self.name.trim().is_empty() {
            return Err(RecordError::EmptyName);
        }
        if self.end_time < self.start_time {
            return Err(RecordError::EndBeforeStart);
        }
        let uri = self.processing_activity_id.as_str();
        if !(uri.starts_with("https://") || uri.starts_with("urn:")) {
            return Err(RecordError::ActivityNotAUri);
        }
        if self.data_subject_pseudonym.is_empty() || self.data_subject_id_type.is_empty() {
            return Err(RecordError::MissingSubject);
        }
        Ok(())
    }

    /// The record as JSON with the standard's field names (hex ids, the
    /// `dpl.core.*` attributes).
    pub fn to_json(&self) -> serde_json::Value {
        let wire = Wire {
            trace_id: self.trace_id.to_hex(),
            span_id: self.span_id.to_hex(),
            parent_span_id: self.parent_span_id.map(|s| s.to_hex()),
            name: &self.name,
            start_time: self.start_time,
            end_time: self.end_time,
            status_code: self.status as u8,
            foreign_operation: self.foreign_operation.as_ref().map(|f| {
                serde_json::json!({ "trace_id": f.trace_id.to_hex(), "span_id": f.span_id.to_hex(), "entity": f.entity })
            }),
            attributes: serde_json::json!({
                "dpl.core.processing_activity_id": self.processing_activity_id,
                "dpl.core.data_subject_id": self.data_subject_pseudonym,
                "dpl.core.data_subject_id_type": self.data_subject_id_type,
            }),
        };
        serde_json::to_value(wire).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8; 32] = b"test-key-of-thirty-two-bytes-ok!";

    #[test]
    fn traceparent_is_parsed_strictly() {
        let tp = TraceParent::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").expect("W3C example");
        assert_eq!(tp.trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(tp.parent_id.to_hex(), "00f067aa0ba902b7");
        assert!(tp.sampled);
        for bad in [
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "",
        ] {
            assert_eq!(TraceParent::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn pseudonyms_are_stable_keyed_and_not_the_bsn() {
        let p = Pseudonymiser::new(KEY).expect("key");
        let a = p.pseudonym("999993653");
        assert_eq!(a, p.pseudonym("999993653"));
        assert_ne!(a, p.pseudonym("111222333"));
        assert_eq!(a.len(), 64);
        assert!(!a.contains("999993653"));
        let other = Pseudonymiser::new(b"another-key-of-thirty-two-bytes!").expect("key");
        assert_ne!(a, other.pseudonym("999993653"), "a different key gives different pseudonyms");
        assert!(Pseudonymiser::new(b"short").is_none());
    }

    #[test]
    fn a_record_has_the_standard_shape() {
        let p = Pseudonymiser::new(KEY).expect("key");
        let record = Record {
            trace_id: TraceId([1; 16]),
            span_id: SpanId([2; 8]),
            parent_span_id: None,
            name: "dossier lezen".into(),
            start_time: 1_795_000_000_000,
            end_time: 1_795_000_000_012,
            status: Status::Ok,
            foreign_operation: None,
            processing_activity_id: "https://register.example/verwerkingsactiviteiten/bijstand-verlenen".into(),
            data_subject_pseudonym: p.pseudonym("999993653"),
            data_subject_id_type: "BSN".into(),
        };
        assert_eq!(record.validate(), Ok(()));
        let json = record.to_json();
        assert_eq!(json["trace_id"], "01010101010101010101010101010101");
        assert_eq!(json["span_id"], "0202020202020202");
        assert_eq!(json["status_code"], 1);
        assert_eq!(json["attributes"]["dpl.core.data_subject_id_type"], "BSN");
        assert!(json.get("parent_span_id").is_none());
        assert!(!json.to_string().contains("999993653"), "no plain BSN in a record");

        let mut bad = record.clone();
        bad.end_time = bad.start_time - 1;
        assert_eq!(bad.validate(), Err(RecordError::EndBeforeStart));
        bad = record.clone();
        bad.processing_activity_id = "bijstand".into();
        assert_eq!(bad.validate(), Err(RecordError::ActivityNotAUri));
        bad = record;
        bad.name = " ".into();
        assert_eq!(bad.validate(), Err(RecordError::EmptyName));
    }
}
