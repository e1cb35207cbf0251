//! curl's options and what it prints for an HTTP response, shared by the two curls a learner
//! types: the one inside a container (`sim/shell_tools.rs`) and the one on their own machine,
//! reaching pods through `kubectl port-forward` (`kubectl/portforward.rs`).

use crate::sim::net::{self, Response};
use jiff::Timestamp;

/// What curl prints when it is given no URL.
pub const USAGE: &str = "curl: try 'curl --help' or 'curl --manual' for more information";

/// The curl options the simulated curls understand; others are skipped (with their value when
/// they take one) so a copied command line still runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CurlOptions {
    /// `-s`: no progress, no errors.
    pub silent: bool,
    /// `-S`: errors even when silent.
    pub show_err: bool,
    /// `-f`: HTTP errors (>= 400) fail with code 22 and no body.
    pub fail: bool,
    /// `-i`: print the response headers.
    pub include: bool,
    /// `-I`: headers only.
    pub head: bool,
    /// `-o FILE`.
    pub outfile: Option<String>,
    /// `-w FORMAT`.
    pub write_out: Option<String>,
    /// The URL (the last word that is not an option).
    pub url: Option<String>,
}

impl CurlOptions {
    /// Reads curl's arguments, short options bundled or not (`-sS`, `-o/tmp/x`, `-o /tmp/x`).
    pub fn parse(args: &[String]) -> CurlOptions {
        let mut o = CurlOptions::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--silent" => o.silent = true,
                "--show-error" => o.show_err = true,
                "--fail" => o.fail = true,
                "--include" => o.include = true,
                "--head" => o.head = true,
                "--output" => o.outfile = it.next().cloned(),
                "--write-out" => o.write_out = it.next().cloned(),
                "--max-time" | "--connect-timeout" | "--request" | "--header" | "--data"
                | "--user-agent" => {
                    it.next();
                }
                s if s.starts_with("--") => {}
                s if s.starts_with('-') && s.len() > 1 => {
                    let chars: Vec<char> = s[1..].chars().collect();
                    for (i, ch) in chars.iter().enumerate() {
                        match ch {
                            's' => o.silent = true,
                            'S' => o.show_err = true,
                            'f' => o.fail = true,
                            'i' => o.include = true,
                            'I' => o.head = true,
                            _ => {}
                        }
                        if matches!(ch, 'o' | 'w' | 'm' | 'X' | 'H' | 'd' | 'A' | 'u') {
                            let inline: String = chars[i + 1..].iter().collect();
                            let v = if inline.is_empty() {
                                it.next().cloned()
                            } else {
                                Some(inline)
                            };
                            match ch {
                                'o' => o.outfile = v,
                                'w' => o.write_out = v,
                                _ => {}
                            }
                            break;
                        }
                    }
                }
                _ => o.url = Some(a.clone()),
            }
        }
        o
    }

    /// Whether error messages are printed (`-s` hides them unless `-S`).
    pub fn errors(&self) -> bool {
        !self.silent || self.show_err
    }
}

/// What curl prints for `resp`: the status line and headers with `-i`/`-I` (the `Location` of a
/// redirect names `host`), then the body unless `-I`.
pub fn response_text(o: &CurlOptions, resp: &Response, host: &str, now: Timestamp) -> String {
    let mut text = String::new();
    if o.include || o.head {
        text.push_str(&format!(
            "HTTP/1.1 {} {}\r\n",
            resp.status,
            net::reason(resp.status)
        ));
        if !resp.server.is_empty() {
            text.push_str(&format!("Server: {}\r\n", resp.server));
        }
        text.push_str(&format!(
            "Date: {}\r\n",
            now.strftime("%a, %d %b %Y %H:%M:%S GMT")
        ));
        text.push_str(&format!("Content-Type: {}\r\n", resp.content_type));
        text.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
        if let Some(l) = &resp.location {
            text.push_str(&format!("Location: http://{host}{l}\r\n"));
        }
        text.push_str("\r\n");
    }
    if !o.head {
        text.push_str(&resp.body);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn bundled_and_separate_options() {
        let o = CurlOptions::parse(&w("-sSfo /tmp/x -w %{http_code} -H a:b http://web/"));
        assert!(o.silent && o.show_err && o.fail);
        assert_eq!(o.outfile.as_deref(), Some("/tmp/x"));
        assert_eq!(o.write_out.as_deref(), Some("%{http_code}"));
        assert_eq!(o.url.as_deref(), Some("http://web/"));
        assert!(o.errors());
        assert!(!CurlOptions::parse(&w("-s x")).errors());
    }

    #[test]
    fn headers_with_include_body_without_head() {
        let resp = Response {
            status: 301,
            body: "moved\n".into(),
            location: Some("/dir/".into()),
            server: "nginx/1.27.3".into(),
            content_type: "text/html".into(),
        };
        let now: Timestamp = "2025-01-06T09:00:00Z".parse().unwrap();
        let o = CurlOptions::parse(&w("-i x"));
        let t = response_text(&o, &resp, "web:8080", now);
        assert!(
            t.starts_with("HTTP/1.1 301 Moved Permanently\r\nServer: nginx/1.27.3\r\n"),
            "{t}"
        );
        assert!(
            t.contains("Location: http://web:8080/dir/\r\n\r\nmoved\n"),
            "{t}"
        );
        let o = CurlOptions::parse(&w("-I x"));
        assert!(!response_text(&o, &resp, "web", now).contains("moved"));
        let o = CurlOptions::parse(&w("x"));
        assert_eq!(response_text(&o, &resp, "web", now), "moved\n");
    }
}
