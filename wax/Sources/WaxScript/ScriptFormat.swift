import Wax

/// The binary form of a `Script`, small and simple enough to decode inside the kernel:
/// "WAXS", version byte 1, then commands; integers are little-endian, strings and byte arrays length-prefixed.
public enum ScriptFormat {
    static let magic: [UInt8] = [0x57, 0x41, 0x58, 0x53, 0x01]

    public struct DecodingError: Error {
        public var offset: Int
        public var reason: String
    }

    public static func encode(_ script: Script) -> [UInt8] {
        var w = Writer()
        w.bytes += magic
        for command in script.commands {
            w.u32(UInt32(truncatingIfNeeded: command.line))
            switch command.command {
            case .module(let name, let bytes):
                w.u8(1); w.optionalString(name); w.data(bytes)
            case .register(let name, let module):
                w.u8(2); w.string(name); w.optionalString(module)
            case .moduleDefinition(let name, let bytes):
                w.u8(13); w.optionalString(name); w.data(bytes)
            case .moduleInstance(let name, let definition):
                w.u8(14); w.optionalString(name); w.optionalString(definition)
            case .action(let action):
                w.u8(3); w.action(action)
            case .assertReturn(let action, let expected):
                w.u8(4); w.action(action); w.u32(UInt32(expected.count))
                for e in expected { w.expected(e) }
            case .assertTrap(let action, let message):
                w.u8(5); w.action(action); w.string(message)
            case .assertExhaustion(let action, let message):
                w.u8(6); w.action(action); w.string(message)
            case .assertInvalid(let bytes, let message):
                w.u8(7); w.data(bytes); w.string(message)
            case .assertMalformed(let bytes, let message):
                w.u8(8); w.data(bytes); w.string(message)
            case .assertUnlinkable(let bytes, let message):
                w.u8(9); w.data(bytes); w.string(message)
            case .assertModuleTrap(let bytes, let message):
                w.u8(10); w.data(bytes); w.string(message)
            case .skip(let reason, let definesModule, let name):
                w.u8(11); w.string(reason); w.u8(definesModule ? 1 : 0); w.optionalString(name)
            case .assertException(let action):
                w.u8(12); w.action(action)
            }
        }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> Script {
        var r = Reader(bytes: bytes)
        for m in magic {
            guard try r.u8() == m else { throw DecodingError(offset: 0, reason: "not a Wax script (bad magic or version)") }
        }
        var commands: [ScriptCommand] = []
        while !r.atEnd {
            let line = Int(try r.u32())
            let tag = try r.u8()
            let command: Command
            switch tag {
            case 1: command = .module(name: try r.optionalString(), bytes: try r.data())
            case 2: command = .register(as: try r.string(), module: try r.optionalString())
            case 3: command = .action(try r.action())
            case 4:
                let action = try r.action()
                var expected: [Expected] = []
                for _ in 0..<(try r.count()) { expected.append(try r.expected()) }
                command = .assertReturn(action, expected)
            case 5: command = .assertTrap(try r.action(), message: try r.string())
            case 6: command = .assertExhaustion(try r.action(), message: try r.string())
            case 7: command = .assertInvalid(bytes: try r.data(), message: try r.string())
            case 8: command = .assertMalformed(bytes: try r.data(), message: try r.string())
            case 9: command = .assertUnlinkable(bytes: try r.data(), message: try r.string())
            case 10: command = .assertModuleTrap(bytes: try r.data(), message: try r.string())
            case 12: command = .assertException(try r.action())
            case 13: command = .moduleDefinition(name: try r.optionalString(), bytes: try r.data())
            case 14: command = .moduleInstance(name: try r.optionalString(), definition: try r.optionalString())
            case 11: command = .skip(reason: try r.string(), definesModule: try r.u8() != 0, moduleName: try r.optionalString())
            default: throw DecodingError(offset: r.position - 1, reason: "unknown command tag \(tag)")
            }
            commands.append(ScriptCommand(line: line, command))
        }
        return Script(commands: commands)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func u8(_ v: UInt8) { bytes.append(v) }
        mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func data(_ d: [UInt8]) { u32(UInt32(d.count)); bytes += d }
        mutating func string(_ s: String) { data(Array(s.utf8)) }
        mutating func optionalString(_ s: String?) {
            if let s { u8(1); string(s) } else { u8(0) }
        }

        mutating func value(_ v: Value) {
            switch v {
            case .i32(let x): u8(0); u64(UInt64(x))
            case .i64(let x): u8(1); u64(x)
            case .f32(let x): u8(2); u64(UInt64(x))
            case .f64(let x): u8(3); u64(x)
            case .funcRef(let a): if let a { u8(4); u64(UInt64(a)) } else { u8(5); u64(0) }
            case .externRef(let h): if let h { u8(6); u64(h) } else { u8(7); u64(0) }
            case .exnRef(let a): if let a { u8(8); u64(UInt64(a)) } else { u8(9); u64(0) }
            case .v128(let low, let high): u8(10); u64(low); u64(high)
            case .anyRef(let slot): if let slot { u8(11); u64(slot) } else { u8(12); u64(0) }
            }
        }

        mutating func action(_ a: Action) {
            u8(a.kind.rawValue); optionalString(a.module); string(a.name); u32(UInt32(a.arguments.count))
            for v in a.arguments { value(v) }
        }

        mutating func expected(_ e: Expected) {
            switch e {
            case .value(let v): u8(0); value(v)
            case .f32CanonicalNaN: u8(1)
            case .f32ArithmeticNaN: u8(2)
            case .f64CanonicalNaN: u8(3)
            case .f64ArithmeticNaN: u8(4)
            case .anyFuncRef: u8(5)
            case .anyExternRef: u8(6)
            case .anyNull: u8(8)
            case .i31Ref: u8(10)
            case .structRef: u8(11)
            case .arrayRef: u8(12)
            case .eqRef: u8(13)
            case .either(let alternatives):
                u8(7); u32(UInt32(alternatives.count))
                for a in alternatives { expected(a) }
            case .v128Lanes(let low, let high, let wideLanes, let nanLanes):
                u8(9); u64(low); u64(high); u8(wideLanes ? 1 : 0); u8(nanLanes)
            }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }

        mutating func u8() throws(DecodingError) -> UInt8 {
            guard position < bytes.count else { throw DecodingError(offset: position, reason: "truncated script") }
            position += 1
            return bytes[position - 1]
        }

        mutating func u32() throws(DecodingError) -> UInt32 {
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(try u8()) << (8 * UInt32(i)) }
            return v
        }

        mutating func u64() throws(DecodingError) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(try u8()) << (8 * UInt64(i)) }
            return v
        }

        /// A length or count, checked against the bytes left so garbage cannot ask for huge allocations.
        mutating func count() throws(DecodingError) -> Int {
            let n = Int(try u32())
            guard n <= bytes.count - position else { throw DecodingError(offset: position, reason: "length past the end") }
            return n
        }

        mutating func data() throws(DecodingError) -> [UInt8] {
            let n = try count()
            position += n
            return Array(bytes[(position - n)..<position])
        }

        mutating func string() throws(DecodingError) -> String { String(decoding: try data(), as: UTF8.self) }

        mutating func optionalString() throws(DecodingError) -> String? { try u8() == 0 ? nil : try string() }

        mutating func value() throws(DecodingError) -> Value {
            let tag = try u8()
            let x = try u64()
            switch tag {
            case 0: return .i32(UInt32(truncatingIfNeeded: x))
            case 1: return .i64(x)
            case 2: return .f32(UInt32(truncatingIfNeeded: x))
            case 3: return .f64(x)
            case 4: return .funcRef(Int(truncatingIfNeeded: x))
            case 5: return .funcRef(nil)
            case 6: return .externRef(x)
            case 7: return .externRef(nil)
            case 8: return .exnRef(Int(truncatingIfNeeded: x))
            case 9: return .exnRef(nil)
            case 10: return .v128(low: x, high: try u64())
            case 11: return .anyRef(x)
            case 12: return .anyRef(nil)
            default: throw DecodingError(offset: position - 9, reason: "unknown value tag \(tag)")
            }
        }

        mutating func action() throws(DecodingError) -> Action {
            guard let kind = Action.Kind(rawValue: try u8()) else { throw DecodingError(offset: position - 1, reason: "unknown action") }
            let module = try optionalString()
            let name = try string()
            var arguments: [Value] = []
            for _ in 0..<(try count()) { arguments.append(try value()) }
            return Action(kind: kind, module: module, name: name, arguments: arguments)
        }

        mutating func expected() throws(DecodingError) -> Expected {
            let tag = try u8()
            switch tag {
            case 0: return .value(try value())
            case 1: return .f32CanonicalNaN
            case 2: return .f32ArithmeticNaN
            case 3: return .f64CanonicalNaN
            case 4: return .f64ArithmeticNaN
            case 5: return .anyFuncRef
            case 6: return .anyExternRef
            case 7:
                var alternatives: [Expected] = []
                for _ in 0..<(try count()) { alternatives.append(try expected()) }
                return .either(alternatives)
            case 8: return .anyNull
            case 9: return .v128Lanes(low: try u64(), high: try u64(), wideLanes: try u8() != 0, nanLanes: try u8())
            case 10: return .i31Ref
            case 11: return .structRef
            case 12: return .arrayRef
            case 13: return .eqRef
            default: throw DecodingError(offset: position - 1, reason: "unknown expectation tag \(tag)")
            }
        }
    }
}
