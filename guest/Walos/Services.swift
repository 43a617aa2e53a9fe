import CWalos

// Services (README "Services", docs/abi.md "The service manager"): /bin/init gives each process it starts an
// endpoint to itself (its number in WALOS_INIT_FD) and each service an endpoint on which new clients arrive
// (WALOS_SERVICE_FD). Requests to init are text; each reply is an errno in decimal, then, after a newline, text.
extension Walos {
    /// The errnos (preview1's numbers) init answers with.
    public static var accessDenied: UInt32 { 2 }
    public static var noEntry: UInt32 { 44 }
    public static var connectionRefused: UInt32 { 14 }
    public static var brokenPipe: UInt32 { 64 }

    /// A new endpoint to service `name`, asked of init on `initEndpoint`: EACCES when the caller was not
    /// granted it, ENOENT when there is no such service, ECONNREFUSED when it is stopped or failed.
    public static func connect(_ initEndpoint: UInt32, service name: String) throws(Failure) -> UInt32 {
        let (_, handles) = try ask(initEndpoint, "connect " + name)
        guard let endpoint = handles.first else { throw Failure(errno: 29) }  // EIO: init broke its protocol
        return endpoint
    }

    /// Sends `request` to init and returns its reply's text and descriptors; a reply with an errno throws it.
    public static func ask(_ initEndpoint: UInt32, _ request: String) throws(Failure) -> (text: String, handles: [UInt32]) {
        let reply = try call(initEndpoint, Message(Array(request.utf8)))
        var errno: UInt32 = 0
        var index = 0
        while index < reply.bytes.count, reply.bytes[index] >= 48, reply.bytes[index] <= 57 {
            errno = errno &* 10 &+ UInt32(reply.bytes[index] - 48)
            index += 1
        }
        if index == 0 { throw Failure(errno: 29) }
        if errno != 0 { throw Failure(errno: errno) }
        if index < reply.bytes.count { index += 1 }  // the newline
        return (String(decoding: reply.bytes[index...], as: UTF8.self), reply.handles)
    }

    /// A service tells init it is ready to serve, on its endpoint from init (WALOS_SERVICE_FD): init starts
    /// the services that come after it and hands it the clients that waited.
    public static func serviceReady(_ serviceEndpoint: UInt32) throws(Failure) {
        try send(serviceEndpoint, Message(Array("ready".utf8)))
    }
}
