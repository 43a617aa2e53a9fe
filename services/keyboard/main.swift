/// /srv/keyboard.wasm, the PS/2 keyboard's driver as a service (README, "Drivers"): it holds the i8042's ports
/// (0x60, 0x64), its interrupt line (1) and the console's input, all granted by its manifest line `devices`.
/// Each interrupt arrives as a message; the driver empties the controller and decodes the scancodes
/// (lib/Console/KeyboardDecoder.swift, compiled in: US layout, set 1 translated by the controller) into the
/// bytes a terminal sends. Keys go to the console as if typed, or, while a client holds the keyboard (it
/// connected through init), to the client that connected last, each key's bytes as one message.
import CWalos

@main
struct Keyboard {
    static let data: UInt16 = 0x60, statusAndCommand: UInt16 = 0x64
    static let outputFull: UInt8 = 0x01, inputFull: UInt8 = 0x02, fromMouse: UInt8 = 0x20

    static func main() {
        guard let control = ProgramContext.variable("WALOS_SERVICE_FD").flatMap({ UInt32($0) }) else {
            ProgramContext.complain("not started as a service (WALOS_SERVICE_FD is not set)")
            ProgramContext.exit(2)
        }
        let interrupts: UInt32
        do throws(Walos.Failure) {
            guard try setUp() else {
                Stream.output.line("keyboard: no PS/2 controller")
                ProgramContext.exit(0)
            }
            interrupts = try Walos.interrupt(1)
            try Walos.serviceReady(control)
        } catch {
            ProgramContext.complain("keyboard: \(describe(UInt16(error.errno)))")
            ProgramContext.exit(1)
        }
        Stream.output.line("keyboard: PS/2 (i8042, scancode set 1, US layout) on interrupt line 1")
        var decoder = KeyboardDecoder()
        var clients: [UInt32] = []
        // Keys that came before the line was ours raised no interrupt we could see.
        deliver(drain(&decoder), to: &clients)
        while true {
            for fd in Poll.readable([control, interrupts] + clients, timeout: nil) {
                do throws(Walos.Failure) {
                    let message = try Walos.receive(fd)
                    if fd == control {
                        clients += message.handles
                    } else if fd == interrupts {
                        deliver(drain(&decoder), to: &clients)
                    }
                } catch {
                    if fd == control { ProgramContext.exit(0) }  // init is gone: the system stops
                    if fd == interrupts { ProgramContext.exit(1) }
                    forget(fd, from: &clients)
                }
            }
        }
    }

    /// Controller configuration: translation to set 1 on, the keyboard's interrupt on, the mouse port's
    /// interrupt and clock off. False when no controller answers.
    static func setUp() throws(Walos.Failure) -> Bool {
        guard try Walos.portRead8(statusAndCommand) != 0xFF else { return false }
        for _ in 0..<32 where try Walos.portRead8(statusAndCommand) & outputFull != 0 { _ = try Walos.portRead8(data) }
        guard try send(statusAndCommand, 0x20), let configuration = try receive() else { return false }
        // Bits: 0 and 1 the ports' interrupts, 4 and 5 their clocks off, 6 translation to set 1.
        let interruptTranslated = (configuration & ~0b0001_0010) | 0b0110_0001
        guard try send(statusAndCommand, 0x60) else { return false }
        return try send(data, interruptTranslated)
    }

    /// What the controller holds, decoded (mouse bytes dropped); bounded, so a stuck controller cannot hold us.
    static func drain(_ decoder: inout KeyboardDecoder) -> [UInt8] {
        var keys: [UInt8] = []
        for _ in 0..<64 {
            guard let status = try? Walos.portRead8(statusAndCommand), status & outputFull != 0,
                  let byte = try? Walos.portRead8(data) else { break }
            if status & fromMouse == 0 { decoder.feed(byte) { keys.append($0) } }
        }
        return keys
    }

    static func deliver(_ keys: [UInt8], to clients: inout [UInt32]) {
        guard !keys.isEmpty else { return }
        while let client = clients.last {
            do throws(Walos.Failure) {
                return try Walos.send(client, Walos.Message(keys))
            } catch {
                forget(client, from: &clients)
            }
        }
        _ = try? Walos.consoleInput(keys)
    }

    static func forget(_ fd: UInt32, from clients: inout [UInt32]) {
        Stream(fd: Int32(fd)).close()
        clients.removeAll { $0 == fd }
    }

    static func send(_ port: UInt16, _ byte: UInt8) throws(Walos.Failure) -> Bool {
        for _ in 0..<100_000 where try Walos.portRead8(statusAndCommand) & inputFull == 0 {
            try Walos.portWrite8(port, byte)
            return true
        }
        return false
    }

    static func receive() throws(Walos.Failure) -> UInt8? {
        for _ in 0..<100_000 where try Walos.portRead8(statusAndCommand) & outputFull != 0 {
            return try Walos.portRead8(data)
        }
        return nil
    }
}
