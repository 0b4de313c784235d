import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byLeadLength, isByWordAlone, startsWithByLead, stripByLead } from '../../src/extract/by-lead.js';

test('by-line lead: the preposition of authorship in the wires\' languages', () => {
  const cases: Array<[string, string]> = [
    ['By Jo Kim', 'Jo Kim'],
    ['BY PAUL ROE AND JANE DOE', 'PAUL ROE AND JANE DOE'],
    ['Von Anna Berg, dpa', 'Anna Berg, dpa'],
    ['Par Léa Martin (AFP)', 'Léa Martin (AFP)'],
    ['Por Ana Ruiz', 'Ana Ruiz'],
    ['di Marco Verdi', 'Marco Verdi'],
    ['Door Joost de Vries', 'Joost de Vries'],
    ['Av Kari Nordmann', 'Kari Nordmann'],
    ['Af Mette Holm', 'Mette Holm'],
    ['Written by Sam Lee', 'Sam Lee'],
    ['Words by Tom Ash', 'Tom Ash'],
    ['Story by Ida Berg', 'Ida Berg'],
    ['Text: Eva Lind', 'Eva Lind'],
    ['Texte : Paul Roux', 'Paul Roux'],
    ['Autorin: Sina Frey', 'Sina Frey'],
    ['By: Ola Dunn', 'Ola Dunn'],
  ];
  for (const [line, rest] of cases) {
    assert.ok(startsWithByLead(line), line);
    assert.equal(stripByLead(line), rest, line);
  }
});

test('by-line lead: words that only begin like one are not leads', () => {
  for (const line of ['Byron Bay flooded', 'Bypass closed', 'Vonnegut wrote', 'Paris, May 2', 'Doorstep', 'By', 'Text', 'Afghan talks', 'Diane Roe']) {
    assert.equal(startsWithByLead(line), false, line);
    assert.equal(byLeadLength(line), 0, line);
    assert.equal(stripByLead(line), line.trim());
  }
});

test('by-line lead: a by-word alone, as pages print it before the name', () => {
  for (const s of ['By', 'by ', 'Von:', 'Par', 'Written by', 'Text:']) assert.ok(isByWordAlone(s), s);
  for (const s of ['By Jo', 'Bye', 'Byline', '']) assert.equal(isByWordAlone(s), false, s);
});

test('by-line lead: "Author:" and the German pair label "Autorin/Autor", alone in an element or with a colon', () => {
  assert.equal(stripByLead('Author: Jo Kim'), 'Jo Kim');
  assert.equal(stripByLead('Autorin/Autor: Lena Maurer'), 'Lena Maurer');
  assert.equal(isByWordAlone('Autorin/Autor'), true);
  assert.equal(isByWordAlone('Author'), true);
  assert.equal(startsWithByLead('Authority figures gathered'), false);
});

test('by-line lead: "Author" and "Text" as more languages label a byline, and "Escrito por", "Geschrieben von"', () => {
  const rows: Array<[string, string]> = [
    ['Texto: Ana Silva', 'Ana Silva'], ['Tekst: Jan Kowalski', 'Jan Kowalski'], ['Testo: Lucia Neri', 'Lucia Neri'],
    ['Автор: Иван Петров', 'Иван Петров'], ['Szerző: Kovács Anna', 'Kovács Anna'], ['Autorius: Jonas Petraitis', 'Jonas Petraitis'],
    ['Yazar: Ayşe Demir', 'Ayşe Demir'], ['Författare: Eva Lind', 'Eva Lind'], ['Auteure : Léa Martin', 'Léa Martin'],
    ['Escrito por María López', 'María López'], ['Geschrieben von Lena Maurer', 'Lena Maurer'],
  ];
  for (const [line, name] of rows) assert.equal(stripByLead(line), name, line);
  for (const line of ['Textos legales', 'Autoritet', 'Yazarlar listesi']) assert.equal(startsWithByLead(line), false, line);
});

test('by-line lead: "Autorka", "Kirjoittaja", "Teksti", "Szöveg", "Κείμενο", "Текст", "Reportage:" and the verb "wrote" ("Írta", "Napisala")', () => {
  const rows: Array<[string, string]> = [
    ['Autorka: Jana Nováková', 'Jana Nováková'], ['Kirjoittaja: Aino Virtanen', 'Aino Virtanen'], ['Teksti: Aino Virtanen', 'Aino Virtanen'],
    ['Szöveg: Kovács Anna', 'Kovács Anna'], ['Κείμενο: Ελένη Παππά', 'Ελένη Παππά'], ['Текст: Ольга Коваль', 'Ольга Коваль'],
    ['Reportage : Léa Martin', 'Léa Martin'], ['Írta: Kovács Anna', 'Kovács Anna'], ['Írta Kovács Anna', 'Kovács Anna'],
    ['Napisala Maja Novak', 'Maja Novak'], ['Napisał: Jan Kowalski', 'Jan Kowalski'], ['Napsala Jana Nováková', 'Jana Nováková'],
  ];
  for (const [line, name] of rows) assert.equal(stripByLead(line), name, line);
  for (const s of ['Autorka', 'Kirjoittaja:', 'Írta', 'Reportage:']) assert.ok(isByWordAlone(s), s);
  // "Reportage" without its colon is the genre kicker over a story, no lead.
  for (const line of ['Reportage Berlin bei Nacht', 'Reportage', 'Textbook', 'Autorkami']) assert.equal(startsWithByLead(line) || isByWordAlone(line), false, line);
});

test('by-line lead: "Authors", the label over a multi-value author field (Drupal), is a label alone; "Authors:" opens the names', () => {
  assert.ok(isByWordAlone('Authors'));
  assert.ok(isByWordAlone('Authors:'));
  assert.equal(stripByLead('Authors: Maren Holt, Tobias Renner'), 'Maren Holt, Tobias Renner');
  assert.equal(isByWordAlone('Authorsville'), false);
});

test('by-line lead: Indonesian and Malay "Oleh", Thai "โดย", Arabic "بقلم", Hindi "लेखक:" and the Chinese and Japanese reporter\'s title "记者"/"記者" (names invented)', () => {
  const rows: Array<[string, string]> = [
    ['Oleh Budi Santoso', 'Budi Santoso'], ['OLEH SITI AMINAH', 'SITI AMINAH'], ['โดย สมศรี ใจงาม', 'สมศรี ใจงาม'],
    ['लेखक: राहुल वर्मा', 'राहुल वर्मा'], ['लेखिका: अनीता शर्मा', 'अनीता शर्मा'],
    ['记者 林晓月', '林晓月'], ['本报记者 林晓月', '林晓月'], ['记者林晓月', '林晓月'], ['記者 陳美玲', '陳美玲'], ['本报记者：林晓月、周子航', '林晓月、周子航'],
  ];
  for (const [line, name] of rows) {
    assert.ok(startsWithByLead(line), line);
    assert.equal(stripByLead(line), name, line);
  }
  for (const s of ['记者', '本报记者：', 'โดย']) assert.ok(isByWordAlone(s), s);
  // Arabic "بقلم" ("by the pen of"), with or without its colon; "بقلمه" ("with his pen") opens no byline.
  for (const [line, name] of [['بقلم: خالد العمري', 'خالد العمري'], ['بقلم خالد العمري', 'خالد العمري']] as const) {
    assert.ok(startsWithByLead(line), line);
    assert.equal(stripByLead(line), name, line);
  }
  assert.ok(isByWordAlone('بقلم:'));
  assert.equal(startsWithByLead('بقلمه الأخضر كتب الرسالة'), false);
  // "Oleh" before one surname is the Ukrainian given name, before lower case "by means of"; "记者" before a sentence is its subject.
  for (const line of ['Oleh Petrenko', 'Oleh karena itu, rapat ditunda.', '记者了解到，市政府将于下月公布新方案。', '记者从市政府获悉', 'Oleh']) {
    assert.equal(startsWithByLead(line) || isByWordAlone(line), false, line);
  }
});

test('by-line lead: Hebrew "מאת", Arabic "كتب -", the Greek genitive article and the colon labels of Greek, Turkish, Indonesian, Thai and Hindi (names invented)', () => {
  const rows: Array<[string, string]> = [
    ['מאת: דנה כהן', 'דנה כהן'], ['מאת דנה כהן', 'דנה כהן'], ['كتب - محمد علي', 'محمد علي'], ['كتبت: سارة يوسف', 'سارة يوسف'],
    ['Του Γιώργου Παπαδόπουλου', 'Γιώργου Παπαδόπουλου'], ['Της Ελένης Κωνσταντίνου', 'Ελένης Κωνσταντίνου'],
    ['Συντάκτης: Μαρία Ιωάννου', 'Μαρία Ιωάννου'], ['Muhabir: Mehmet Demir', 'Mehmet Demir'], ['Penulis: Budi Santoso', 'Budi Santoso'],
    ['Reporter: Dewi Lestari', 'Dewi Lestari'], ['ผู้เขียน: วิภา ศรีสุข', 'วิภา ศรีสุข'], ['द्वारा: नेहा गुप्ता', 'नेहा गुप्ता'],
  ];
  for (const [line, name] of rows) {
    assert.ok(startsWithByLead(line), line);
    assert.equal(stripByLead(line), name, line);
  }
  assert.ok(isByWordAlone('מאת:'));
  // "كتب" without a dash or colon opens a sentence ("the minister wrote …"); "Της Νέας Υόρκης …" ("of New York") too.
  for (const line of ['كتب الوزير رسالة إلى البرلمان', 'Της Νέας Υόρκης οι δρόμοι ήταν άδειοι.', 'Reporter Dewi Lestari']) {
    assert.equal(startsWithByLead(line), false, line);
  }
});

test('by-line lead: the Taiwanese reporter\'s line closing on where it reports from ("記者王小明／台北報導")', () => {
  for (const line of ['本報記者王小明／台中報導', '記者林家豪／綜合報導', '記者 陳美玲 / 台北報導']) assert.ok(startsWithByLead(line), line);
  // "報導" in running text is no such close.
  assert.equal(startsWithByLead('記者王小明報導指出，市府將於下月公布新方案。'), false);
});
