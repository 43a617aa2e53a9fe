import Wax
import XCTest

final class NameSectionTests: XCTestCase {
    func testFunctionNamesFromTheNameSection() {
        // (module (func $first) (func $second)) with a name section naming both functions.
        var module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        module += [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]  // type: () -> ()
        module += [0x03, 0x03, 0x02, 0x00, 0x00]  // two functions of type 0
        module += [0x0A, 0x07, 0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B]  // two empty bodies
        let names: [UInt8] = [0x02, 0x00] + [0x05] + Array("first".utf8) + [0x01] + [0x06] + Array("second".utf8)
        let subsection: [UInt8] = [0x01, UInt8(names.count)] + names
        let payload: [UInt8] = [0x04] + Array("name".utf8) + subsection
        module += [0x00, UInt8(payload.count)] + payload
        XCTAssertNoThrow(try Module(bytes: module))
        XCTAssertEqual(NameSection.functionName(in: module, index: 0), "first")
        XCTAssertEqual(NameSection.functionName(in: module, index: 1), "second")
        XCTAssertNil(NameSection.functionName(in: module, index: 2))
    }

    func testMalformedOrMissingSectionsGiveNoNames() {
        XCTAssertNil(NameSection.functionName(in: [], index: 0))
        XCTAssertNil(NameSection.functionName(in: [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], index: 0))
        let truncated: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00, 0x30, 0x04] + Array("name".utf8)
        XCTAssertNil(NameSection.functionName(in: truncated, index: 0))
    }
}
