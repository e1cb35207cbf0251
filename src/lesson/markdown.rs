//! The small Markdown subset lesson text is written in: `#` headings, paragraphs, `-`/`1.` lists,
//! fenced code blocks, `**strong**`, `*emphasis*` and `` `code` ``. The TUI draws the blocks; the
//! lesson engine only parses.

/// A run of inline text with one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// `**strong**`.
    Strong(String),
    /// `*emphasis*` or `_emphasis_`.
    Emphasis(String),
    /// `` `code` ``.
    Code(String),
}

/// A block of lesson text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `#`..`###` heading.
    Heading(u8, Vec<Span>),
    /// A paragraph (lines joined with spaces).
    Paragraph(Vec<Span>),
    /// A list; `true` when numbered.
    List(bool, Vec<Vec<Span>>),
    /// A fenced code block with its language tag.
    Code(String, String),
}

/// Parses lesson text into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut lines = text.lines().peekable();
    let flush_para = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(inline(&para.join(" "))));
            para.clear();
        }
    };
    let flush_list = |list: &mut Option<(bool, Vec<String>)>, out: &mut Vec<Block>| {
        if let Some((n, items)) = list.take() {
            out.push(Block::List(n, items.iter().map(|i| inline(i)).collect()));
        }
    };
    while let Some(line) = lines.next() {
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push(Block::Code(lang.trim().to_string(), body));
            continue;
        }
        if t.is_empty() {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            out.push(Block::Heading(hashes as u8, inline(t[hashes..].trim())));
            continue;
        }
        let bullet = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .map(|r| (false, r));
        let numbered = t.split_once(". ").and_then(|(n, r)| {
            (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then_some((true, r))
        });
        if let Some((num, rest)) = bullet.or(numbered) {
            flush_para(&mut para, &mut out);
            match &mut list {
                Some((n, items)) if *n == num => items.push(rest.to_string()),
                _ => {
                    flush_list(&mut list, &mut out);
                    list = Some((num, vec![rest.to_string()]));
                }
            }
            continue;
        }
        if let Some((_, items)) = &mut list
            && line.starts_with("  ")
            && let Some(last) = items.last_mut()
        {
            last.push(' ');
            last.push_str(t);
            continue;
        }
        flush_list(&mut list, &mut out);
        para.push(t.to_string());
    }
    flush_para(&mut para, &mut out);
    flush_list(&mut list, &mut out);
    out
}

/// Parses inline styles.
pub fn inline(s: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let find = |from: usize, pat: &[char]| -> Option<usize> {
        (from..chars.len().saturating_sub(pat.len() - 1)).find(|&j| chars[j..j + pat.len()] == *pat)
    };
    while i < chars.len() {
        let c = chars[i];
        let (delim, ctor): (&[char], fn(String) -> Span) = match c {
            '`' => (&['`'], Span::Code),
            '*' if chars.get(i + 1) == Some(&'*') => (&['*', '*'], Span::Strong),
            '*' => (&['*'], Span::Emphasis),
            '_' if i == 0 || !chars[i - 1].is_alphanumeric() => (&['_'], Span::Emphasis),
            _ => {
                text.push(c);
                i += 1;
                continue;
            }
        };
        let start = i + delim.len();
        match find(start, delim) {
            Some(end) if end > start => {
                if !text.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut text)));
                }
                out.push(ctor(chars[start..end].iter().collect()));
                i = end + delim.len();
            }
            _ => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        out.push(Span::Text(text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_spans() {
        let b = parse(
            "# Title\n\nSome **bold** and `code`\nwrapped.\n\n- one\n- *two*\n\n1. first\n\n```yaml\na: 1\n```\n",
        );
        assert_eq!(b[0], Block::Heading(1, vec![Span::Text("Title".into())]));
        assert_eq!(
            b[1],
            Block::Paragraph(vec![
                Span::Text("Some ".into()),
                Span::Strong("bold".into()),
                Span::Text(" and ".into()),
                Span::Code("code".into()),
                Span::Text(" wrapped.".into()),
            ])
        );
        assert_eq!(
            b[2],
            Block::List(
                false,
                vec![
                    vec![Span::Text("one".into())],
                    vec![Span::Emphasis("two".into())]
                ]
            )
        );
        assert_eq!(
            b[3],
            Block::List(true, vec![vec![Span::Text("first".into())]])
        );
        assert_eq!(b[4], Block::Code("yaml".into(), "a: 1\n".into()));
        assert_eq!(inline("a * b"), vec![Span::Text("a * b".into())]);
        assert_eq!(
            inline("snake_case_word"),
            vec![Span::Text("snake_case_word".into())]
        );
    }
}
