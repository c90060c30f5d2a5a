//! Integration tests of the styrkort core, as one binary.
mod cases;
mod deep;
mod engine_props;
mod json_out;
mod kolada;
mod model_json;
mod partition;
mod period;
mod practices;
mod roundtrip;
mod series;
mod series_table;
mod validate;
mod validate_scale;
mod vectors;
mod whatif;
