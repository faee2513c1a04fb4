//! citetrack's compiled core. Every function here has a pure-Python reference in the citetrack
//! package that gives the same result; tests/test_core.py asserts it.
use pyo3::prelude::*;

mod factors;
mod lines;
mod pattern;
mod scan;
mod sentences;
mod wire;
mod words;

/// The interface version: citetrack uses a core only when it reports the one it expects
/// (citetrack/core.py: API).
const API: u32 = 3;

#[pyfunction]
fn api() -> u32 {
    API
}

#[pymodule]
fn citetrack_core(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(api, m)?)?;
    m.add_function(wrap_pyfunction!(lines::count_lines, m)?)?;
    m.add("TABLE", scan::TABLE)?;
    m.add_class::<scan::Scanner>()?;
    m.add_class::<pattern::Pattern>()?;
    m.add_class::<wire::Wire>()?;
    m.add_class::<factors::Factors>()?;
    m.add_class::<factors::Found>()?;
    m.add_class::<sentences::Splitter>()?;
    Ok(())
}
