package memdesc.report;
class Scratch { public static void main(String[] a) throws Exception {
  System.out.println(Report.render(Fixtures.full(), Format.valueOf(a[0])));
}}
