//! Parquet export of the pseudonymised export rows (feature `parquet`), for
//! researchers who load microdata into pandas, R or DuckDB.
//!
//! The same columns, names and order as [`crate::export::to_csv`]:
//! `pseudoniem`, `arm`, `stratum`, `meting`, `maand` (required UTF-8
//! strings), `vragenlijst_ingevuld` (required boolean) and one optional
//! INT64 column per outcome key of [`Outcome::all`], null where the value is
//! missing. Outcome values stay integers in the units of [`Outcome::divisor`]
//! (hundredths of a scale point, tenths of an hour, cents); the file's
//! key-value metadata says so per column: `deler.<kolom>` (the divisor) and
//! `eenheid.<kolom>` (the unit after dividing).
//!
//! The file format only: no Arrow, no compression codecs. Pure: it writes
//! into any `Write` (a `Vec<u8>` with [`to_parquet`]); storage or the web
//! layer decides where the bytes go.

use std::io::Write;
use std::sync::Arc;

use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::export::ExportRow;
use crate::measure::Outcome;

/// The text columns, in CSV order, before `vragenlijst_ingevuld`.
pub const TEXT_COLUMNS: [&str; 5] = ["pseudoniem", "arm", "stratum", "meting", "maand"];

/// The boolean column after the text columns.
pub const RESPONDED_COLUMN: &str = "vragenlijst_ingevuld";

/// The message schema: the fixed columns, then one optional INT64 per
/// outcome key in the order of [`Outcome::all`].
fn schema() -> String {
    let mut s = String::from("message exportrij {\n");
    for name in TEXT_COLUMNS {
        s.push_str(&format!("  REQUIRED BYTE_ARRAY {name} (UTF8);\n"));
    }
    s.push_str(&format!("  REQUIRED BOOLEAN {RESPONDED_COLUMN};\n"));
    for o in Outcome::all() {
        s.push_str(&format!("  OPTIONAL INT64 {};\n", o.key()));
    }
    s.push('}');
    s
}

/// Per outcome column: `deler.<key>` (divide the stored integer by this) and
/// `eenheid.<key>` (the unit of the result, in Dutch).
fn unit_metadata() -> Vec<KeyValue> {
    Outcome::all()
        .into_iter()
        .flat_map(|o| {
            [
                KeyValue::new(format!("deler.{}", o.key()), o.divisor().to_string()),
                KeyValue::new(format!("eenheid.{}", o.key()), o.unit_nl().to_string()),
            ]
        })
        .collect()
}

/// Writes `rows` as one Parquet file (one row group) to `out`. Outcome keys
/// in a row that are not in [`Outcome::all`] are left out, as in the CSV.
pub fn write(out: impl Write + Send, rows: &[ExportRow]) -> Result<(), ParquetError> {
    let outcomes = Outcome::all();
    let text: [Vec<ByteArray>; 5] = [
        rows.iter().map(|r| ByteArray::from(r.pseudonym.as_str())).collect(),
        rows.iter().map(|r| ByteArray::from(r.arm.as_str())).collect(),
        rows.iter().map(|r| ByteArray::from(r.stratum.as_str())).collect(),
        rows.iter().map(|r| ByteArray::from(r.wave.as_str())).collect(),
        rows.iter().map(|r| ByteArray::from(r.month.as_str())).collect(),
    ];
    let responded: Vec<bool> = rows.iter().map(|r| r.responded).collect();
    // Per outcome: the present values, and a definition level per row (1 =
    // present, 0 = null), as an optional column is written.
    let values: Vec<(Vec<i64>, Vec<i16>)> = outcomes
        .iter()
        .map(|o| {
            let mut present = Vec::new();
            let mut levels = Vec::with_capacity(rows.len());
            for r in rows {
                match r.outcomes.get(o.key()) {
                    Some(Some(v)) => {
                        present.push(*v);
                        levels.push(1);
                    }
                    _ => levels.push(0),
                }
            }
            (present, levels)
        })
        .collect();

    let schema = Arc::new(parse_message_type(&schema())?);
    let props = WriterProperties::builder().set_key_value_metadata(Some(unit_metadata())).build();
    let mut writer = SerializedFileWriter::new(out, schema, Arc::new(props))?;
    let mut group = writer.next_row_group()?;
    let mut index = 0;
    while let Some(mut column) = group.next_column()? {
        match index {
            i if i < TEXT_COLUMNS.len() => {
                column.typed::<ByteArrayType>().write_batch(&text[i], None, None)?;
            }
            i if i == TEXT_COLUMNS.len() => {
                column.typed::<BoolType>().write_batch(&responded, None, None)?;
            }
            i => {
                let (present, levels) = &values[i - TEXT_COLUMNS.len() - 1];
                column.typed::<Int64Type>().write_batch(present, Some(levels), None)?;
            }
        }
        column.close()?;
        index += 1;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}

/// The rows as the bytes of a Parquet file (see [`write`]).
pub fn to_parquet(rows: &[ExportRow]) -> Result<Vec<u8>, ParquetError> {
    let mut out = Vec::new();
    write(&mut out, rows)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use bytes::Bytes;
    use parquet::basic::{ConvertedType, Repetition, Type as PhysicalType};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    use super::*;
    use crate::export::to_csv;

    fn reader(bytes: Vec<u8>) -> SerializedFileReader<Bytes> {
        SerializedFileReader::new(Bytes::from(bytes)).expect("a valid Parquet file")
    }

    /// The column names in the CSV header, in order.
    fn csv_header() -> Vec<String> {
        let csv = to_csv(&[]);
        csv.lines().next().expect("a header").split(';').map(str::to_string).collect()
    }

    fn row(pseudonym: &str, wave: &str, responded: bool, outcomes: &[(&'static str, Option<i64>)]) -> ExportRow {
        ExportRow {
            pseudonym: pseudonym.to_string(),
            arm: if pseudonym.starts_with('a') { "vrijlating".into() } else { "controle".into() },
            stratum: "alleenstaand".into(),
            wave: wave.to_string(),
            month: if wave == "nulmeting" { "2026-01".into() } else { "2026-07".into() },
            responded,
            outcomes: outcomes.iter().copied().collect(),
        }
    }

    /// Rows with every kind of cell: all outcomes present, a value stored as
    /// `None`, a key absent from the map, an unknown key, extreme values.
    fn sample() -> Vec<ExportRow> {
        let all: Vec<(&'static str, Option<i64>)> = Outcome::all()
            .into_iter()
            .enumerate()
            .map(|(i, o)| (o.key(), Some(i64::try_from(i).expect("small") * 7 - 20)))
            .collect();
        vec![
            row("aaaaaaaaaaaaaaaa0001", "nulmeting", true, &all),
            row(
                "aaaaaaaaaaaaaaaa0001",
                "eindmeting",
                false,
                &[
                    ("werkuren_per_week", Some(125)),
                    ("inkomen_uit_werk", Some(43_210)),
                    ("stress", None),
                    ("trede", None),
                ],
            ),
            row(
                "bbbbbbbbbbbbbbbb0002",
                "nulmeting",
                true,
                &[("welbevinden", Some(i64::MIN)), ("uitkering_betaald", Some(i64::MAX))],
            ),
            row("bbbbbbbbbbbbbbbb0002", "eindmeting", false, &[]),
            row("cccccccccccccccc0003", "nulmeting", true, &[("gezondheid", Some(0)), ("geen_uitkomst", Some(99))]),
        ]
    }

    /// What a row should read back as: one (name, field) per column.
    fn expected(r: &ExportRow) -> Vec<(String, Field)> {
        let mut v: Vec<(String, Field)> = TEXT_COLUMNS
            .into_iter()
            .zip([&r.pseudonym, &r.arm, &r.stratum, &r.wave, &r.month])
            .map(|(n, s)| (n.to_string(), Field::Str(s.clone())))
            .collect();
        v.push((RESPONDED_COLUMN.to_string(), Field::Bool(r.responded)));
        for o in Outcome::all() {
            let f = match r.outcomes.get(o.key()) {
                Some(Some(x)) => Field::Long(*x),
                _ => Field::Null,
            };
            v.push((o.key().to_string(), f));
        }
        v
    }

    fn read_rows(file: &SerializedFileReader<Bytes>) -> Vec<Vec<(String, Field)>> {
        file.get_row_iter(None)
            .expect("rows")
            .map(|r| r.expect("row").get_column_iter().map(|(n, f)| (n.clone(), f.clone())).collect())
            .collect()
    }

    #[test]
    fn every_value_and_every_null_reads_back() {
        let rows = sample();
        let file = reader(to_parquet(&rows).expect("written"));
        assert_eq!(file.metadata().file_metadata().num_rows(), 5);
        assert_eq!(file.metadata().num_row_groups(), 1);
        let got = read_rows(&file);
        assert_eq!(got.len(), rows.len());
        for (g, r) in got.iter().zip(&rows) {
            assert_eq!(g, &expected(r), "row of {} {}", r.pseudonym, r.wave);
        }
        // Spot checks that do not go through `expected`, so a mistake there
        // cannot hide one in the writer.
        let cell = |row: usize, name: &str| -> Field {
            got[row].iter().find(|(n, _)| n == name).map(|(_, f)| f.clone()).expect("column present")
        };
        assert_eq!(cell(0, "pseudoniem"), Field::Str("aaaaaaaaaaaaaaaa0001".into()));
        assert_eq!(cell(0, "welbevinden"), Field::Long(-20));
        assert_eq!(
            cell(0, "uitkering_betaald"),
            Field::Long(i64::try_from(Outcome::all().len() - 1).expect("small") * 7 - 20)
        );
        assert_eq!(cell(1, "vragenlijst_ingevuld"), Field::Bool(false));
        assert_eq!(cell(1, "maand"), Field::Str("2026-07".into()));
        assert_eq!(cell(1, "werkuren_per_week"), Field::Long(125));
        assert_eq!(cell(1, "inkomen_uit_werk"), Field::Long(43_210));
        assert_eq!(cell(1, "stress"), Field::Null);
        assert_eq!(cell(1, "trede"), Field::Null);
        assert_eq!(cell(1, "welbevinden"), Field::Null);
        assert_eq!(cell(2, "arm"), Field::Str("controle".into()));
        assert_eq!(cell(2, "welbevinden"), Field::Long(i64::MIN));
        assert_eq!(cell(2, "uitkering_betaald"), Field::Long(i64::MAX));
        assert_eq!(cell(4, "gezondheid"), Field::Long(0));
        // A row with no outcomes at all: every outcome column is null.
        let nulls = got[3].iter().skip(TEXT_COLUMNS.len() + 1).filter(|(_, f)| *f == Field::Null).count();
        assert_eq!(nulls, Outcome::all().len());
        // An unknown outcome key is not a column, as in the CSV.
        assert!(got[4].iter().all(|(n, _)| n != "geen_uitkomst"));
    }

    #[test]
    fn columns_match_the_csv_header_with_their_types() {
        let file = reader(to_parquet(&sample()).expect("written"));
        let schema = file.metadata().file_metadata().schema_descr();
        let names: Vec<String> = schema.columns().iter().map(|c| c.name().to_string()).collect();
        assert_eq!(names, csv_header());
        assert_eq!(names.len(), TEXT_COLUMNS.len() + 1 + Outcome::all().len());
        for (i, c) in schema.columns().iter().enumerate() {
            let t = c.self_type();
            let rep = t.get_basic_info().repetition();
            if i < TEXT_COLUMNS.len() {
                assert_eq!(
                    (c.physical_type(), c.converted_type(), rep),
                    (PhysicalType::BYTE_ARRAY, ConvertedType::UTF8, Repetition::REQUIRED),
                    "{}",
                    c.name()
                );
            } else if i == TEXT_COLUMNS.len() {
                assert_eq!((c.physical_type(), rep), (PhysicalType::BOOLEAN, Repetition::REQUIRED), "{}", c.name());
            } else {
                assert_eq!((c.physical_type(), rep), (PhysicalType::INT64, Repetition::OPTIONAL), "{}", c.name());
            }
        }
    }

    #[test]
    fn the_file_says_the_unit_of_every_outcome_column() {
        let file = reader(to_parquet(&sample()).expect("written"));
        let kv: BTreeMap<String, Option<String>> = file
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .expect("key-value metadata")
            .iter()
            .map(|k| (k.key.clone(), k.value.clone()))
            .collect();
        assert_eq!(kv.len(), 2 * Outcome::all().len());
        assert_eq!(kv["deler.welbevinden"].as_deref(), Some("100"));
        assert_eq!(kv["eenheid.welbevinden"].as_deref(), Some("schaalpunten"));
        assert_eq!(kv["deler.werkuren_per_week"].as_deref(), Some("10"));
        assert_eq!(kv["eenheid.werkuren_per_week"].as_deref(), Some("uren per week"));
        assert_eq!(kv["deler.inkomen_uit_werk"].as_deref(), Some("100"));
        assert_eq!(kv["eenheid.uitkering_betaald"].as_deref(), Some("euro per maand"));
        assert_eq!(kv["deler.trede"].as_deref(), Some("1"));
        for o in Outcome::all() {
            assert_eq!(kv[&format!("deler.{}", o.key())], Some(o.divisor().to_string()));
            assert_eq!(kv[&format!("eenheid.{}", o.key())], Some(o.unit_nl().to_string()));
        }
    }

    #[test]
    fn parquet_and_csv_agree_cell_for_cell() {
        let rows = sample();
        let csv = to_csv(&rows);
        let got = read_rows(&reader(to_parquet(&rows).expect("written")));
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(lines.len(), got.len());
        for (line, g) in lines.iter().zip(&got) {
            let cells: Vec<String> = g
                .iter()
                .map(|(_, f)| match f {
                    Field::Null => String::new(),
                    Field::Str(s) => s.clone(),
                    Field::Bool(b) => b.to_string(),
                    Field::Long(x) => x.to_string(),
                    other => panic!("unexpected field {other:?}"),
                })
                .collect();
            assert_eq!(cells.join(";"), *line);
        }
    }

    #[test]
    fn zero_rows_give_a_valid_empty_file_with_all_columns() {
        let bytes = to_parquet(&[]).expect("written");
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
        let file = reader(bytes);
        assert_eq!(file.metadata().file_metadata().num_rows(), 0);
        let names: Vec<String> =
            file.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.name().to_string()).collect();
        assert_eq!(names, csv_header());
        assert_eq!(file.get_row_iter(None).expect("rows").count(), 0);
    }

    #[test]
    fn writing_twice_gives_the_same_bytes() {
        let rows = sample();
        assert_eq!(to_parquet(&rows).expect("first"), to_parquet(&rows).expect("second"));
    }
}
