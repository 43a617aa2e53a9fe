/// A command line, parsed: jobs separated by `;` or `&`, each a pipeline of commands joined by `|`, each
/// command its words and redirections. Words are expanded as they are read: quotes ('...' keeps everything,
/// "..." expands variables), backslash escapes, `$NAME`, `${NAME}`, `$?` and `$!`.
struct Redirection {
    enum Kind {
        case read, write, append
        /// `N>&M`: descriptor N becomes a copy of M.
        case duplicate(UInt32)
    }
    let fd: UInt32
    let kind: Kind
    let target: String
}

struct Command {
    var words: [String] = []
    var redirections: [Redirection] = []
    var isEmpty: Bool { words.isEmpty && redirections.isEmpty }
}

struct Job {
    var commands: [Command] = []
    var background = false
    /// The job's text as typed, for `jobs`.
    var text = ""
}

struct SyntaxError: Error {
    let message: String
}

struct Parser {
    private let bytes: [UInt8]
    private var index = 0
    private let lookup: (String) -> String?

    /// `lookup` gives a variable's value (`?` included).
    init(_ line: String, lookup: @escaping (String) -> String?) {
        bytes = Array(line.utf8)
        self.lookup = lookup
    }

    /// The next job of the line, nil after the last; variables in it are expanded now.
    mutating func nextJob() throws(SyntaxError) -> Job? {
        var job = Job(), command = Command()
        let start = index
        func text(_ end: Int) -> String {
            var slice = bytes[start..<end]
            while let first = slice.first, first == 32 || first == 9 { slice = slice.dropFirst() }
            while let last = slice.last, last == 32 || last == 9 { slice = slice.dropLast() }
            return String(decoding: slice, as: UTF8.self)
        }
        while true {
            skipBlanks()
            guard index < bytes.count, bytes[index] != UInt8(ascii: "#") else { break }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "|"):
                guard !command.isEmpty else { throw SyntaxError(message: "syntax error near '|'") }
                job.commands.append(command)
                command = Command()
                index += 1
            case UInt8(ascii: ";"), UInt8(ascii: "&"):
                guard !command.isEmpty else {
                    throw SyntaxError(message: "syntax error near '\(String(decoding: [byte], as: UTF8.self))'")
                }
                job.commands.append(command)
                job.background = byte == UInt8(ascii: "&")
                job.text = text(index)
                index += 1
                return job
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                command.redirections.append(try redirection(fd: nil))
            default:
                if isDigit(byte), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">")
                    || bytes[index + 1] == UInt8(ascii: "<") {
                    index += 1
                    command.redirections.append(try redirection(fd: UInt32(byte - UInt8(ascii: "0"))))
                } else {
                    command.words.append(try word())
                }
            }
        }
        if !command.isEmpty {
            job.commands.append(command)
        } else if !job.commands.isEmpty {
            throw SyntaxError(message: "syntax error: a pipe with no command after it")
        }
        index = bytes.count
        guard !job.commands.isEmpty else { return nil }
        job.text = text(bytes.count)
        return job
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipBlanks() {
        while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 10 || bytes[index] == 13 {
            index += 1
        }
    }

    private mutating func redirection(fd: UInt32?) throws(SyntaxError) -> Redirection {
        let input = bytes[index] == UInt8(ascii: "<")
        index += 1
        var kind: Redirection.Kind = input ? .read : .write
        if !input, index < bytes.count, bytes[index] == UInt8(ascii: ">") {
            kind = .append
            index += 1
        } else if !input, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "&"), isDigit(bytes[index + 1]) {
            index += 2
            return Redirection(fd: fd ?? 1, kind: .duplicate(UInt32(bytes[index - 1] - UInt8(ascii: "0"))), target: "")
        }
        skipBlanks()
        guard index < bytes.count, !"|&;<>".utf8.contains(bytes[index]) else {
            throw SyntaxError(message: "syntax error: a redirection with no file")
        }
        return Redirection(fd: fd ?? (input ? 0 : 1), kind: kind, target: try word())
    }

    /// One word, up to an unquoted blank or operator.
    private mutating func word() throws(SyntaxError) -> String {
        var result: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 32 || byte == 9 || byte == 10 || byte == 13 || "|&;<>".utf8.contains(byte) { break }
            index += 1
            switch byte {
            case UInt8(ascii: "'"):
                guard let end = bytes[index...].firstIndex(of: UInt8(ascii: "'")) else {
                    throw SyntaxError(message: "syntax error: unterminated quote")
                }
                result += bytes[index..<end]
                index = end + 1
            case UInt8(ascii: "\""):
                while true {
                    guard index < bytes.count else { throw SyntaxError(message: "syntax error: unterminated quote") }
                    let inner = bytes[index]
                    index += 1
                    if inner == UInt8(ascii: "\"") { break }
                    if inner == UInt8(ascii: "\\"), index < bytes.count, "\"\\$".utf8.contains(bytes[index]) {
                        result.append(bytes[index])
                        index += 1
                    } else if inner == UInt8(ascii: "$") {
                        result += variable()
                    } else {
                        result.append(inner)
                    }
                }
            case UInt8(ascii: "\\"):
                if index < bytes.count {
                    result.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "$"):
                result += variable()
            default:
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The value of the variable after a `$` (a lone `$` stays itself).
    private mutating func variable() -> [UInt8] {
        func isNameByte(_ b: UInt8) -> Bool {
            b == UInt8(ascii: "_") || isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
        }
        var name: ArraySlice<UInt8>
        if index < bytes.count, bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "!") {
            name = bytes[index...index]
            index += 1
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "{"),
                  let end = bytes[index...].firstIndex(of: UInt8(ascii: "}")) {
            name = bytes[(index + 1)..<end]
            index = end + 1
        } else {
            let start = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            name = bytes[start..<index]
            if name.isEmpty { return [UInt8(ascii: "$")] }
        }
        return Array((lookup(String(decoding: name, as: UTF8.self)) ?? "").utf8)
    }
}
