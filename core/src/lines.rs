//! Counting the lines of a JSON Lines block (`citetrack.engines.parts._count`): the process that
//! cuts a big file into parts for the workers passes over every byte of it once, and this pass
//! is the part of that work that grows with the file.
use pyo3::prelude::*;

/// (line ends, line ends followed by "{") in ``block``: what ``block.count(b"\n")`` and
/// ``block.count(b"\n{")`` give, in one pass.
#[pyfunction]
pub fn count_lines(block: &[u8]) -> (usize, usize) {
    let (mut ends, mut objects) = (0, 0);
    for i in memchr::memchr_iter(b'\n', block) {
        ends += 1;
        objects += (block.get(i + 1) == Some(&b'{')) as usize;
    }
    (ends, objects)
}
