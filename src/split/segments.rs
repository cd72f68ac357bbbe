//! The input in pieces of bounded size: whole lines, except that a line longer than
//! [`SEGMENT`] comes in several pieces, so memory stays bounded whatever a dump holds
//! (one `INSERT` can be a single line of gigabytes).

use std::io::{self, BufRead};

/// The most new bytes one segment takes from the reader.
pub const SEGMENT: usize = 1 << 20;

/// UTF-8 byte order mark, which the client skips at the start of the input.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A buffer of input: what the splitter has not consumed yet, then the next piece of a line.
pub struct Segments<R> {
    reader: R,
    /// [`SEGMENT`], smaller in tests.
    size: usize,
    buffer: Vec<u8>,
    started: bool,
    /// The buffer's last byte ends a line (or the input): its first byte starts one if the
    /// previous segment was complete.
    complete: bool,
}

impl<R: BufRead> Segments<R> {
    pub fn new(reader: R, size: usize) -> Segments<R> {
        let buffer = Vec::with_capacity(size.min(1 << 16));
        Segments {
            reader,
            size: size.max(1),
            buffer,
            started: false,
            complete: true,
        }
    }

    /// Reads on to the end of the line, or [`SEGMENT`] more bytes. Returns the buffer (empty at
    /// the end of the input), whether it starts a line and whether it ends one.
    pub fn next(&mut self) -> io::Result<(&[u8], bool, bool)> {
        let starts_line = self.complete && self.buffer.is_empty();
        self.complete = self.fill()?;
        if !self.started && (self.buffer.len() >= BOM.len() || self.complete) {
            self.started = true;
            if self.buffer.starts_with(BOM) {
                self.buffer.drain(..BOM.len());
            }
        }
        Ok((&self.buffer, starts_line, self.complete))
    }

    /// Drops the first `count` bytes: the splitter has read them.
    pub fn consume(&mut self, count: usize) {
        self.buffer.drain(..count.min(self.buffer.len()));
    }

    /// Appends up to the next `\n` (included) or [`SEGMENT`] bytes; true when the line (or the
    /// input) ended.
    fn fill(&mut self) -> io::Result<bool> {
        let mut room = self.size;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(true);
            }
            let take = available.len().min(room);
            if let Some(end) = memchr::memchr(b'\n', &available[..take]) {
                self.buffer.extend_from_slice(&available[..=end]);
                self.reader.consume(end + 1);
                return Ok(true);
            }
            self.buffer.extend_from_slice(&available[..take]);
            self.reader.consume(take);
            room -= take;
            if room == 0 {
                return Ok(false);
            }
        }
    }
}
