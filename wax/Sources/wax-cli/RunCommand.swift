import Foundation
import Wax

/// `wax run FILE.wasm --invoke NAME ARGS...`: instantiate a module without imports and call one export, with the
/// engine memory a walos process gets (`budget`: its module, instance, tables, value stack and frames).
enum RunCommand {
    static let budget = 64 << 20

    static func main(_ arguments: [String]) -> Int32 {
        var arguments = arguments
        if arguments.first == "--peak-memory" {
            arguments.removeFirst()
            atexit { RunCommand.reportPeakMemory() }
        }
        var engine = Engine.interpreter
        if arguments.count >= 2, arguments[0] == "--engine" {
            guard let value = Engine(name: arguments[1]) else { fail(usage) }
            engine = value
            arguments.removeFirst(2)
        }
        guard arguments.count >= 3, arguments[1] == "--invoke" else { fail(usage) }
        let module: Module
        do {
            module = try Module(bytes: readBytes(arguments[0]), maxFootprint: budget)
        } catch {
            fail("wax: \(arguments[0]): \(error.description)")
        }
        let spent = ResourceBudget(limit: budget)
        _ = spent.take(module.footprint)
        let name = arguments[2]
        guard let type = module.exportedFunctionType(name) else { fail("wax: no exported function \"\(name)\"") }
        let texts = Array(arguments.dropFirst(3))
        guard texts.count == type.parameters.count else {
            fail("wax: \(name) takes \(type.parameters.count) arguments of types \(type.description)")
        }
        var values: [Value] = []
        for (text, parameter) in zip(texts, type.parameters) {
            guard let value = parse(text, as: parameter) else { fail("wax: cannot read argument \(text) as \(parameter.name)") }
            values.append(value)
        }
        let store = Store(account: .limited(spent))
        store.engine = engine
        do {
            let instance = try store.instantiate(module)
            let results = try instance.invoke(name, values)
            for result in results { print(format(result)) }
            return 0
        } catch let error as InstantiationError {
            fail("wax: instantiation failed: \(error.message)")
        } catch let trap as Trap {
            fail("wax: trap: \(trap.message)")
        } catch {
            fail("wax: \(error)")
        }
    }

    /// Prints the process's peak resident size on stderr (Linux's VmHWM: of this program alone, unlike
    /// getrusage, which also counts what the process that started it held).
    static func reportPeakMemory() {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return }
        let kilobytes = line.split(separator: " ").dropFirst().first ?? "?"
        FileHandle.standardError.write("wax: peak resident memory \(kilobytes) kB\n".data(using: .utf8)!)
    }

    /// Reads `i32:5`, `f64:2.5` or a bare number of the parameter's type.
    static func parse(_ text: String, as type: ValueType) -> Value? {
        var body = Substring(text)
        if let colon = text.firstIndex(of: ":") {
            guard text[..<colon] == type.name else { return nil }
            body = text[text.index(after: colon)...]
        }
        switch type {
        case .i32:
            if let v = Int32(body) { return .i32(UInt32(bitPattern: v)) }
            return UInt32(body).map { .i32($0) }
        case .i64:
            if let v = Int64(body) { return .i64(UInt64(bitPattern: v)) }
            return UInt64(body).map { .i64($0) }
        case .f32: return Float(body).map { .f32($0.bitPattern) }
        case .f64: return Double(body).map { .f64($0.bitPattern) }
        case .funcRef, .externRef, .exnRef, .ref: return body == "null" && type.isNullable ? Value.defaultValue(type) : nil
        case .v128: return nil
        }
    }

    static func format(_ value: Value) -> String {
        switch value {
        case .i32(let v): return "i32:\(Int32(bitPattern: v))"
        case .i64(let v): return "i64:\(Int64(bitPattern: v))"
        case .f32(let v): return "f32:\(Float(bitPattern: v))"
        case .f64(let v): return "f64:\(Double(bitPattern: v))"
        default: return value.description
        }
    }
}
