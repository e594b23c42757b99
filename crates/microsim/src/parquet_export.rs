//! Parquet export of per-household results (feature `parquet`): one row per
//! household and variant, for researchers who load results into pandas, R or
//! DuckDB. Same columns as `--export-uitkomsten` (CSV) plus the household type.

use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use regels::Variant;

use crate::bulk::Amounts;
use crate::population::{HouseholdType, Population};

const SCHEMA: &str = "message uitkomst {
  REQUIRED INT64 huishouden;
  REQUIRED BYTE_ARRAY variant (UTF8);
  REQUIRED BYTE_ARRAY huishoudtype (UTF8);
  REQUIRED INT64 norm_cent;
  REQUIRED INT64 inkomsten_cent;
  REQUIRED INT64 vrijlating_cent;
  REQUIRED INT64 bijstand_cent;
}";

/// Writes `rows` (from [`crate::evaluate_all`]: `rows[i * variants + v]`) as
/// Parquet. Households the rules refused are left out, as in the CSV.
pub fn write(
    out: impl std::io::Write + Send,
    pop: &Population,
    variants: &[&Variant],
    rows: &[Amounts],
) -> Result<(), parquet::errors::ParquetError> {
    let n = variants.len();
    assert_eq!(rows.len(), pop.len() * n, "one row per household and variant");
    let mut household = Vec::new();
    let mut variant = Vec::new();
    let mut kind = Vec::new();
    let mut columns: [Vec<i64>; 4] = Default::default();
    for (i, (h, chunk)) in pop.households.iter().zip(rows.chunks(n.max(1))).enumerate() {
        let ty = HouseholdType::of(h).key();
        for (v, a) in variants.iter().zip(chunk) {
            if !a.ok {
                continue;
            }
            household.push(i64::try_from(i).expect("household counts fit in i64"));
            variant.push(ByteArray::from(v.id.as_str()));
            kind.push(ByteArray::from(ty));
            for (col, value) in columns.iter_mut().zip([a.norm, a.income_counted, a.disregard, a.bijstand]) {
                col.push(value.get());
            }
        }
    }
    let schema = Arc::new(parse_message_type(SCHEMA)?);
    let mut writer = SerializedFileWriter::new(out, schema, Arc::new(WriterProperties::builder().build()))?;
    let mut group = writer.next_row_group()?;
    let mut index = 0;
    while let Some(mut column) = group.next_column()? {
        match index {
            0 => {
                column.typed::<Int64Type>().write_batch(&household, None, None)?;
            }
            1 => {
                column.typed::<ByteArrayType>().write_batch(&variant, None, None)?;
            }
            2 => {
                column.typed::<ByteArrayType>().write_batch(&kind, None, None)?;
            }
            k => {
                column.typed::<Int64Type>().write_batch(&columns[k - 3], None, None)?;
            }
        }
        column.close()?;
        index += 1;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    use regels::ParameterSets;

    use super::*;
    use crate::Calibration;

    #[test]
    fn the_parquet_file_reads_back_with_every_amount() {
        let day = date(2026, 11, 1);
        let cal = Calibration::embedded("groningen").expect("calibration");
        let pop = Population::generate(&cal, 500, 5, day);
        let variants: Vec<&Variant> = Variant::embedded().expect("variants").iter().collect();
        let params = ParameterSets::embedded().expect("valid").for_date(day).expect("in force");
        let rows = crate::evaluate_all(&pop, day, params, &variants);
        let path = std::env::temp_dir().join(format!("microsim-{}.parquet", std::process::id()));
        write(std::fs::File::create(&path).expect("create"), &pop, &variants, &rows).expect("written");
        let reader =
            SerializedFileReader::new(std::fs::File::open(&path).expect("open")).expect("a valid Parquet file");
        assert_eq!(reader.metadata().file_metadata().num_rows(), i64::try_from(500 * variants.len()).expect("small"));
        for (k, row) in reader.get_row_iter(None).expect("rows").enumerate() {
            let row = row.expect("row");
            let (i, v) = (k / variants.len(), k % variants.len());
            let a = rows[k];
            assert_eq!(row.get_long(0).expect("huishouden"), i64::try_from(i).expect("small"));
            assert_eq!(row.get_string(1).expect("variant"), &variants[v].id);
            assert_eq!(row.get_string(2).expect("type"), HouseholdType::of(&pop.households[i]).key());
            assert_eq!(row.get_long(6).expect("bijstand"), a.bijstand.get());
            assert_eq!(row.get_long(3).expect("norm"), a.norm.get());
        }
        let _ = std::fs::remove_file(&path);
    }
}
