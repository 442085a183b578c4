// Wide tables (credit lists, district directories) read as cards on a phone: each cell carries
// its column's heading (data-label, shown by lantian.css), so 原因 and 文号 are read in place
// instead of behind a sideways scroll. Codes, phones and dates are kept on one line.
(() => {
  const WIDE = 4; // columns from which a table becomes cards on a phone
  const UNBROKEN = /^[0-9A-Z+()\-–.:/ ]{4,40}$/; // a USCC, a phone, a date, a decision number
  for (const table of document.querySelectorAll(".md-typeset table")) {
    const headings = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
    if (headings.length >= WIDE) table.setAttribute("data-lt-cards", "");
    for (const row of table.querySelectorAll("tbody tr")) {
      Array.from(row.children).forEach((cell, index) => {
        if (headings[index]) cell.setAttribute("data-label", headings[index]);
        if (UNBROKEN.test(cell.textContent.trim())) cell.classList.add("lt-unbroken");
      });
    }
  }
})();
