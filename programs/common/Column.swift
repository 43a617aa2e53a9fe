/// `text` right-aligned in a column `width` bytes wide (longer text is left as it is).
func column(_ text: String, _ width: Int) -> String {
    var text = text
    while text.utf8.count < width { text = " " + text }
    return text
}
